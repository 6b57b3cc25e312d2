"""Exports: every format of the selected articles, one article or a stream of many.

bundles.py loads the articles a batch at a time (rows.py reads rows fast), lookup.py the people
and the verdict scale, native.py writes the native document; each format module (jsonl, csv,
xlsx, webannotation, claimreview) registers itself in formats.py, which the views and the CLI call.
"""
