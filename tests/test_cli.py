"""The command line: thin wrappers over the services."""
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, Claim, User


def test_create_user_reads_the_password_from_stdin(runner):
    result = runner.invoke(args=["create-user", "rita", "--role", "reviewer", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "rita"))
    assert user.role == "reviewer" and user.password_hash.startswith("$argon2")


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-user", "rita", "--password-stdin"], input="short\n")
    assert result.exit_code != 0
    assert "at least 15 characters" in result.output


def test_create_user_refuses_a_taken_name(runner, admin):
    result = runner.invoke(args=["create-user", "ADMIN", "--password-stdin"], input="a long enough password\n")
    assert result.exit_code != 0
    assert "taken" in result.output


def test_import_article_prints_its_id(runner, admin, tmp_path):
    path = tmp_path / "story.html"
    path.write_text("<p>The budget grew 8% in 2024, officials said.</p>")
    result = runner.invoke(args=["import-article", str(path), "--title", "Budget"])
    assert result.exit_code == 0, result.output
    article = db.session.get(Article, int(result.output.strip()))
    assert (article.title, article.text) == ("Budget", "The budget grew 8% in 2024, officials said.")


def test_import_article_reads_windows_1252(runner, admin, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("The café’s owner said prices rose – by €4.".encode("cp1252"))
    result = runner.invoke(args=["import-article", str(path), "--title", "Café"])
    assert result.exit_code == 0, result.output
    assert db.session.get(Article, int(result.output.strip())).text == "The café’s owner said prices rose – by €4."


def test_import_article_refuses_a_file_that_is_not_text(runner, admin, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"%PDF-1.4\n\x00\x01\xe2\xe3")
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code != 0
    assert "This file is not text" in result.output
    assert db.session.scalar(select(Article)) is None


def test_import_article_needs_an_account(runner, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Words.")
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code != 0
    assert "create an admin first" in result.output


def test_demo_loads_the_demo_article(runner, admin):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    article = db.session.get(Article, int(result.output.strip()))
    assert "DEMO ARTICLE" in article.text
    assert db.session.scalars(select(Claim).where(Claim.article_id == article.id)).all()


def test_setup_generates_a_key_and_migrates(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.setenv("ANNOTATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ANNOTATOR_SECRET_KEY", raising=False)
    monkeypatch.delenv("ANNOTATOR_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["setup"])
    assert result.exit_code == 0, result.output
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    assert (tmp_path / "annotator.sqlite").exists()
    again = CliRunner().invoke(cli, ["setup"])
    assert again.exit_code == 0 and (tmp_path / "secret_key").read_text() == key


def test_setup_keeps_the_key_and_the_database_private(tmp_path, monkeypatch):
    """Mode 0600 from creation, whatever the umask, and for files an older release left readable."""
    import os
    import stat

    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.setenv("ANNOTATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ANNOTATOR_SECRET_KEY", raising=False)
    monkeypatch.delenv("ANNOTATOR_DATABASE_URL", raising=False)
    old_umask = os.umask(0o022)
    try:
        assert CliRunner().invoke(cli, ["setup"]).exit_code == 0
        files = [path for path in tmp_path.iterdir() if path.name.startswith(("secret_key", "annotator.sqlite"))]
        assert {path.name for path in files} >= {"secret_key", "annotator.sqlite"}
        assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in files} == {path.name: 0o600 for path in files}
        (tmp_path / "secret_key").chmod(0o644)
        (tmp_path / "annotator.sqlite").chmod(0o644)
        assert CliRunner().invoke(cli, ["setup"]).exit_code == 0
        assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "annotator.sqlite").stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)


def test_score_sentences_reads_and_writes_json_lines():
    import json

    from click.testing import CliRunner

    from annotator.cli import cli

    lines = [{"id": 1, "text": "Crime fell 12% in 2023, the police chief said."}, {"id": "x", "text": "Hello there."}]
    result = CliRunner().invoke(cli, ["score-sentences"], input="\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [1, "x"]
    assert out[0]["score"] > 0.5 > out[1]["score"]
    assert out[0]["claimant"] == "the police chief" and out[0]["reasons"]


def test_score_sentences_reads_consecutive_lines_of_a_document_as_one_text():
    import json

    from click.testing import CliRunner

    from annotator.cli import cli

    lines = [{"id": 1, "document": "d", "outlet": "The Courier", "text": "Mayor Ana Ruiz said taxes rose 4%."},
             {"id": 2, "document": "d", "text": "“We had no choice,” she told reporters."},
             {"id": 3, "document": "d", "text": "The council meets on Monday."},
             {"id": 4, "text": "“We had no choice,” she told reporters."}]
    result = CliRunner().invoke(cli, ["score-sentences"], input="\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["claimant"] for o in out] == ["Ana Ruiz", "Ana Ruiz", "The Courier", None]
    assert [o["id"] for o in out] == [1, 2, 3, 4] and all(set(o) == {"id", "score", "reasons", "claimant"} for o in out)


def test_score_sentences_rejects_malformed_lines_with_their_number():
    from click.testing import CliRunner

    from annotator.cli import cli

    result = CliRunner().invoke(cli, ["score-sentences"], input='{"id": 1, "text": "Fine."}\n{oops\n{"id": 2}\n')
    assert result.exit_code == 1
    assert "line 2: not JSON" in result.stderr and "line 3:" in result.stderr
    assert result.stdout.count("\n") == 1


def test_the_worker_command_and_run_with_a_worker_are_offered(runner):
    from click.testing import CliRunner

    from annotator.cli_worker import run_with_worker

    assert "--workers INTEGER" in runner.invoke(args=["worker", "--help"]).output
    assert "--worker / --no-worker" in CliRunner().invoke(run_with_worker, ["--help"]).output


def test_before_setup_the_command_says_what_to_do_without_a_traceback(tmp_path):
    """`python -m annotator` is the console script; before `annotator setup` there is no key."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith("ANNOTATOR_")}
    env.update(ANNOTATOR_INSTANCE_PATH=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "annotator", *args], env=env, capture_output=True, text=True,
                              timeout=60)

    listed = run("--help")
    assert listed.returncode == 0, listed.stderr
    assert "setup" in listed.stdout and "No secret key: run `annotator setup` once" in listed.stderr
    refused = run("create-user", "ana")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: No secret key") and "Traceback" not in refused.stderr
