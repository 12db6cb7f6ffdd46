"""A queryset in the order the search index ranked it, for paging and streaming like a queryset."""

import uuid


class RankedSelection:
    def __init__(self, queryset, ranked_ids: list[str]):
        allowed = set(queryset.filter(id__in=ranked_ids).values_list("id", flat=True))
        self.queryset = queryset
        self.ids = [uuid.UUID(i) for i in ranked_ids if uuid.UUID(i) in allowed]

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list:
        return self._objects(self.ids[window])

    def values_list(self, *fields, flat=False):
        return list(self.ids)

    def filter(self, pk__in):
        return self._objects(list(pk__in))

    def _objects(self, ids: list) -> list:
        by_id = {obj.id: obj for obj in self.queryset.filter(id__in=ids)}
        return [by_id[i] for i in ids if i in by_id]
