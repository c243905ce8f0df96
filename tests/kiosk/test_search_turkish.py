"""Turkish typed on a keyboard without ı: the dotless ı folds to i, in new stores and in a store
migrated from before (its search texts are folded again)."""

from __future__ import annotations

import pytest

from kiosk import search
from kiosk.demo import load_demo
from kiosk.store import Store, _v11_glossary
from tests.conftest import NOW


@pytest.mark.parametrize("typed", ["dolandırıcı", "dolandirici", "DOLANDIRICI"])
def test_scam_topics_are_found_with_and_without_dotless_i(store, assets_dir, typed):
    load_demo(store, assets_dir, NOW)
    found = search.search(store, typed, "tr")
    assert len(found) >= 3 and "schockanruf" in found, found


def test_a_store_from_before_is_folded_again(tmp_path, assets_dir):
    path = tmp_path / "kiosk.db"
    store = Store.open(path, migrate=False)
    store.migrate(7)
    _v11_glossary(store.db)  # the demo bundle has a glossary: its table, as a kiosk has today
    load_demo(store, assets_dir, NOW)
    with store.write():  # as migration 7 left it: texts folded without the ı rule
        for column in search.INDEXED:
            store.db.execute(f"UPDATE search_docs SET {column} = "
                             f"replace({column}, 'dolandiric', 'dolandırıc')")
        search.rebuild_index(store.db)
    store.close()
    migrated = Store.open(path)
    assert migrated.schema_version >= 8
    texts = " ".join(t for row in migrated.db.execute(
        f"SELECT {', '.join(search.INDEXED)} FROM search_docs") for t in row if t)
    assert "dolandiric" in texts and "ı" not in texts
    assert "dolandirici" in {w for (w,) in migrated.db.execute("SELECT word FROM search_words")}
    assert "schockanruf" in search.search(migrated, "dolandirici", "tr")
