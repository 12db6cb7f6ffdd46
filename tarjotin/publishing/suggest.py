"""Taxonomy suggestions for editors: THL categories and target groups from the free text.

A classifier trained on the catalogue's own classified services, running locally (no external
service): the Finnish text is reduced to base forms and compound parts by the search's Voikko
analysis, weighted by TF-IDF, and one logistic regression per term says how likely it is. The
editor accepts or ignores each suggestion; bench/suggestions.py measures precision and recall
on a held-out part of the catalogue.
"""

import threading
import time
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from tarjotin.catalogue import models as m
from tarjotin.search.analysis import analyze
from tarjotin.search.documents import term_lookup
from tarjotin.search.synonyms import expand

TAXONOMIES = ("category", "target_group")
THRESHOLD = 0.4
RETRAIN_AFTER = 24 * 3600
MIN_EXAMPLES = 5
_lock = threading.Lock()
_cache: dict = {}


def lemmas(text: str) -> list[str]:
    """Base forms and compound parts, and their everyday synonyms (ikäihminen ~ eläkeläinen),
    so that a new wording finds what the catalogue says with other words."""
    terms = analyze(text, "fi").lemmas()
    return terms + sorted(expand(terms, "fi"))


@dataclass
class Suggester:
    vectorizer: TfidfVectorizer
    model: OneVsRestClassifier
    labels: MultiLabelBinarizer

    def scores(self, text: str) -> dict[str, float]:
        features = self.vectorizer.transform([text])
        probabilities = self.model.predict_proba(features)[0]
        return dict(zip(self.labels.classes_, (float(p) for p in probabilities), strict=True))

    def suggest(self, text: str, threshold: float = THRESHOLD) -> list[tuple[str, float]]:
        """("category:exercise", 0.93), ... above the threshold, most likely first."""
        ranked = sorted(self.scores(text).items(), key=lambda item: -item[1])
        return [(label, score) for label, score in ranked if score >= threshold]


def examples(service_ids=None) -> tuple[list[str], list[list[str]]]:
    """Texts and taxonomy labels of the classified published services."""
    services = m.Service.objects.filter(publication_status=m.PublicationStatus.PUBLISHED)
    if service_ids is not None:
        services = services.filter(id__in=service_ids)
    rows = list(services.values_list("id", "name", "description"))
    terms = term_lookup([row[0] for row in rows])
    texts, labels = [], []
    for service_id, name, description in rows:
        tags = [f"{t}:{term.code}" for t, term in terms.get(service_id, []) if t in TAXONOMIES]
        text = f"{(name or {}).get('fi', '')}. {(description or {}).get('fi', '')}".strip(". ")
        if tags and text:
            texts.append(text)
            labels.append(sorted(set(tags)))
    return texts, labels


def train(texts: list[str], labels: list[list[str]]) -> Suggester:
    binarizer = MultiLabelBinarizer()
    targets = binarizer.fit_transform(labels)
    keep = targets.sum(axis=0) >= MIN_EXAMPLES  # a term with a handful of examples is noise
    binarizer.classes_ = binarizer.classes_[keep]
    targets = targets[:, keep]
    vectorizer = TfidfVectorizer(analyzer=lemmas, sublinear_tf=True, min_df=2)
    features = vectorizer.fit_transform(texts)
    model = OneVsRestClassifier(LogisticRegression(max_iter=1000, C=4.0, class_weight="balanced"))
    model.fit(features, np.asarray(targets))
    return Suggester(vectorizer, model, binarizer)


def suggester() -> Suggester | None:
    """The model trained on the current catalogue (retrained daily); None with too little data."""
    with _lock:
        cached = _cache.get("model")
        if cached and time.monotonic() - cached[1] < RETRAIN_AFTER:
            return cached[0]
        texts, labels = examples()
        if len(texts) < 50:
            return None
        model = train(texts, labels)
        _cache["model"] = (model, time.monotonic())
        return model


def for_content(content: dict) -> dict[str, list[str]]:
    """Suggested codes per taxonomy for an editor's content (not yet chosen ones only)."""
    model = suggester()
    text = f"{content['name'].get('fi', '')}. {content['description'].get('fi', '')}"
    if model is None or len(text) < 10:
        return {}
    out: dict[str, list[str]] = {}
    for label, _score in model.suggest(text):
        taxonomy, code = label.split(":", 1)
        if code not in content.get(taxonomy, []):
            out.setdefault(taxonomy, []).append(code)
    return out
