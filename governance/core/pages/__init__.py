"""Helpers shared by the HTML pages of every capability: Jinja filters, form error messages in
Chinese, paging. Pages themselves live beside their capability (governance/<capability>/pages)."""
