#!/usr/bin/env python3
"""Times the SQL steps of one tsearch search separately, on a tsearch index (python's sqlite3
uses the same system SQLite): count, ranked top 20, then per hit the MATCH + rowid lookup and
each column's snippet(), as Searcher.swift runs them.

  python3 search_parts.py INDEX.db QUERY [QUERY...]     (QUERY in FTS5 syntax: word, "a b", pre*)
"""
import sqlite3
import ctypes
import ctypes.util
import sys
import time

RANK = "bm25(3.0, 1.0, 0.0)"


def best_ms(db, sql, args, n=3):
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        db.execute(sql, args).fetchall()
        best = min(best, time.perf_counter() - start)
    return best * 1000


ZSTD = ctypes.CDLL(ctypes.util.find_library("zstd") or "libzstd.so.1")
ZSTD.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
ZSTD.ZSTD_getFrameContentSize.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
ZSTD.ZSTD_decompress.restype = ctypes.c_size_t
ZSTD.ZSTD_decompress.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]


def stored_text(value):
    """tsearch_text(x): a post text as tsearch stores it (TEXT, or a BLOB holding one zstd frame)."""
    if not isinstance(value, bytes):
        return value
    size = ZSTD.ZSTD_getFrameContentSize(value, len(value))
    out = ctypes.create_string_buffer(size)
    ZSTD.ZSTD_decompress(out, size, value, len(value))
    return out.raw.decode()


def main(path, queries):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.create_function("tsearch_text", 1, stored_text, deterministic=True)
    print("| query | matches | count(*) | ranked top 20 | 20 x MATCH+rowid | 20 x snippet title | 20 x snippet own | "
          "20 x snippet quoted | one statement: ranked + own snippet |")
    print("|---|---|---|---|---|---|---|---|---|")
    for q in queries:
        total = db.execute("SELECT count(*) FROM post_fts WHERE post_fts MATCH ?", (q,)).fetchone()[0]
        ranked_sql = f"SELECT rowid FROM post_fts WHERE post_fts MATCH ? AND rank MATCH '{RANK}' ORDER BY rank LIMIT 20"
        rows = [r[0] for r in db.execute(ranked_sql, (q,))]
        cells = [best_ms(db, "SELECT count(*) FROM post_fts WHERE post_fts MATCH ?", (q,)), best_ms(db, ranked_sql, (q,))]
        cells.append(sum(best_ms(db, "SELECT rowid FROM post_fts WHERE post_fts MATCH ? AND rowid = ?", (q, r), 1) for r in rows))
        for column in (0, 1, 2):
            sql = f"SELECT snippet(post_fts, {column}, '[', ']', '…', 20) FROM post_fts WHERE post_fts MATCH ? AND rowid = ?"
            cells.append(sum(best_ms(db, sql, (q, r), 1) for r in rows))
        cells.append(best_ms(db, f"SELECT rowid, snippet(post_fts, 1, '[', ']', '…', 20) FROM post_fts "
                                 f"WHERE post_fts MATCH ? AND rank MATCH '{RANK}' ORDER BY rank LIMIT 20", (q,)))
        print(f"| `{q}` | {total:,} | " + " | ".join(f"{c:.1f} ms" for c in cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
