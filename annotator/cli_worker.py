"""`annotator worker` (mail and claim vectors, for a team) and `annotator run` with a worker beside it."""
import os

import click
from flask import current_app
from flask.cli import ScriptInfo, get_debug_flag, run_command, with_appcontext

from annotator import worker


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="Worker threads (mail, claim vectors).")
@with_appcontext
def worker_command(workers):
    """Run the background worker (notification mail, claim vectors) until stopped: the huey consumer."""
    app = current_app._get_current_object()
    click.echo(f"Worker on {'Redis' if app.config['HUEY_REDIS_URL'] else 'SQLite'} storage; Ctrl-C stops it.")
    worker.get_huey(app).create_consumer(workers=workers).run()


@click.command("run", params=[*run_command.params, click.Option(
    ["--worker/--no-worker", "worker_flag"], default=None,
    help="Start the worker in this process (default: when the queue is SQLite, a laptop).")],
    help="Serve the app (development server), with the worker (mail, claim vectors) beside it on a laptop.")
@click.pass_context
def run_with_worker(ctx, worker_flag, **options):
    reload = options.get("reload")
    reload = get_debug_flag() if reload is None else reload
    in_server = not reload or os.environ.get("WERKZEUG_RUN_MAIN") == "true"  # not the reloader's watcher
    app = ctx.ensure_object(ScriptInfo).load_app()
    # "Checked before" needs the worker whether or not mail is configured: each claim's vector comes from it.
    wanted = worker_flag if worker_flag is not None else not app.config["HUEY_REDIS_URL"]
    consumer = _start(app) if wanted and in_server else None
    try:
        ctx.invoke(run_command, **options)
    finally:
        if consumer is not None:  # its threads would keep the process alive after Ctrl-C
            consumer.stop(graceful=True)


def _start(app):
    consumer = worker.start_embedded(app)
    click.echo("Worker (mail, claim vectors) started in this process.")
    return consumer
