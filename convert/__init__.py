"""Converter of PDF-extracted Kazakhstani journal texts into the edition's Markdown, data and site.

The pipeline's order of passes is written down in `convert.pipeline`; the document model is in
`convert.model`; renderers are in `convert.render`.
"""
