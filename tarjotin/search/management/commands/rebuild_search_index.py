from django.core.management.base import BaseCommand
from tqdm import tqdm

from tarjotin.search.index import index_root, rebuild


class Command(BaseCommand):
    help = "Build this node's search index anew from the database and switch to it when done."

    def handle(self, *args, **options):
        bar = tqdm(total=0, unit=" services", disable=options["verbosity"] == 0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        generation = rebuild(progress=progress)
        bar.close()
        self.stdout.write(f"Search index {generation} is live in {index_root()}.")
