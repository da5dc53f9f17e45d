"""parse_page: one parse of a saved page, with lxml.html's element classes."""

import lxml.html

from indexer.extract._page import parse_page

PAGE = """<!DOCTYPE html><html><head><title>T</title>
<meta property="og:title" content="Port reopens"><!-- a comment --></head>
<body><form action="/s"><label for="q">Search</label><input name="q">
<select name="s"><option>1</option></select><textarea>t</textarea></form>
<?php echo 1 ?><article><h1>Port reopens</h1><p>Officials said so.</p></article>
<FORM><INPUT name="upper"></FORM></body></html>"""


def test_parse_page_gives_lxml_html_classes_for_every_node():
    ours = list(parse_page(PAGE).tree.iter())
    theirs = list(lxml.html.document_fromstring(PAGE).iter())
    assert [type(node) for node in ours] == [type(node) for node in theirs]
    kinds = {type(node).__name__ for node in ours}
    assert {"FormElement", "InputElement", "LabelElement", "SelectElement"} <= kinds
    assert {"TextareaElement", "HtmlComment", "HtmlElement"} <= kinds


def test_parse_page_form_helpers_work():
    form = parse_page(PAGE).tree.forms[0]
    assert form.action == "/s"
    assert form.inputs["q"].name == "q"


def test_parse_page_collects_meta():
    page = parse_page(PAGE)
    assert page.first_meta("og:title") == "Port reopens"
