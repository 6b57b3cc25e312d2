"""Absolute IRIs of what an export names (articles, their text, annotations, sign-offs, people)."""


class Iris:
    """Absolute IRIs of what an export names, under the instance's public address."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def article(self, article_id):
        return f"{self.base}/articles/{article_id}"

    def text(self, article_id):
        return f"{self.article(article_id)}/text"

    def collection(self, article_id):
        return f"{self.article(article_id)}/annotations"

    def page(self, article_id, number):
        return f"{self.collection(article_id)}?page={number}"

    def claim(self, claim_id):
        return f"{self.base}/claims/{claim_id}/annotation"

    def sign_off(self, article_id, sign_off_id):
        return f"{self.article(article_id)}/sign-offs/{sign_off_id}"

    def user(self, username):
        return f"{self.base}/users/{username}"
