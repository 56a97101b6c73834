"""kbsite: the knowledge base's site features, around the engine (kbexec) and MkDocs.

Static math (`katex`, adapter `mkdocs_math` = plugin `kbmath`), the appendix gathered from the
rendered pages (`appendix`), notebook pages (`notebook_html`), a compact and cheap search index
(`search_index`), a disk cache for highlighted code (`highlight`, a Markdown extension), and
the PDF (`printpage` assembles the print page from the built site, `pdf` prints it). The MkDocs
adapters are `mkdocs_site` (plugin `kbsite`) and `mkdocs_math`; everything else is plain Python.
"""
