#!/usr/bin/env python3
"""Writes the demo Word invoice layouts: scripts/demo/invoice-layout.docx (English)
and invoice-layout.nl.docx (Dutch).

The layout is plain WordprocessingML so it opens in Word and LibreOffice and
can be edited there; this script only exists so the file can be rebuilt from
source. Tags use Verzend's layout language: {Customer.Name},
{Amount | currency}, {Invoice.DueDate | date:long}, {#Lines}…{/Lines}.
"""
import os
import zipfile
from xml.sax.saxutils import escape

ACCENT = "1F4E79"
MUTED = "6B7280"
LINE = "D9DEE5"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def run(text, bold=False, size=None, color=None, caps=False):
    props = ""
    if bold:
        props += "<w:b/>"
    if caps:
        props += "<w:caps/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size:
        props += f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs, align=None, after=60, before=0, keep=False):
    ppr = f'<w:spacing w:before="{before}" w:after="{after}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    if keep:
        ppr += "<w:keepNext/>"
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def cell(content, width, fill=None, borders="", align=None, span=1):
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if borders:
        tcpr += f"<w:tcBorders>{borders}</w:tcBorders>"
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    tcpr += '<w:tcMar><w:top w:w="70" w:type="dxa"/><w:bottom w:w="70" w:type="dxa"/></w:tcMar>'
    paras = content if isinstance(content, list) else [content]
    body = "".join(p if p.startswith("<w:p>") else para(p, align=align, after=0) for p in paras)
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>"


def table(rows, widths, borders=False):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    tblb = (
        f'<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
        f'<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
    )
    tblpr = f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{tblb}<w:tblLayout w:type="fixed"/>'
    return f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def row(*cells, header=False):
    trpr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


bottom_line = f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{LINE}"/>'
top_strong = f'<w:top w:val="single" w:sz="12" w:space="0" w:color="{ACCENT}"/>'


LABELS = {
    "en": {
        "file": "invoice-layout.docx",
        "docTitle": "Verzend demo invoice",
        "title": "Invoice", "no": "No. ", "date": "Date ", "due": "Due ",
        "billTo": "Bill to", "details": "Details", "customerNo": "Customer No. ",
        "yourRef": "Your reference ", "orderNo": "Order No. ", "terms": "Payment terms ",
        "item": "Item", "description": "Description", "qty": "Qty", "unitPrice": "Unit price",
        "amount": "Amount", "subtotal": "Subtotal", "vat": "VAT {Totals.VatPercent}%",
        "total": "Total {currency}", "howToPay": "How to pay", "pay1": "Please transfer ",
        "pay2": " by ",
        "pay3": " to IBAN {Company.Iban} (BIC {Company.Bic}), quoting invoice {Invoice.No}.",
        "thanks": "Thank you for your business, {Customer.Contact}.",
        "footer": "{Company.Name} · {Company.Email} · {Company.Phone} · VAT {Company.VatNo}",
    },
    "nl": {
        "file": "invoice-layout.nl.docx",
        "docTitle": "Verzend demofactuur",
        "title": "Factuur", "no": "Nr. ", "date": "Datum ", "due": "Vervaldatum ",
        "billTo": "Factuuradres", "details": "Gegevens", "customerNo": "Klantnr. ",
        "yourRef": "Uw referentie ", "orderNo": "Ordernr. ", "terms": "Betalingstermijn ",
        "item": "Artikel", "description": "Omschrijving", "qty": "Aantal", "unitPrice": "Prijs",
        "amount": "Bedrag", "subtotal": "Subtotaal", "vat": "Btw {Totals.VatPercent}%",
        "total": "Totaal {currency}", "howToPay": "Betalen", "pay1": "Graag ",
        "pay2": " uiterlijk ",
        "pay3": " overmaken naar IBAN {Company.Iban} (BIC {Company.Bic}) onder vermelding van factuur {Invoice.No}.",
        "thanks": "Bedankt voor uw bestelling, {Customer.Contact}.",
        "footer": "{Company.Name} · {Company.Email} · {Company.Phone} · Btw {Company.VatNo}",
    },
}


def build(L, filename):
    # Header: company left, document title right.
    header = table(
        [
            row(
                cell(
                    [
                        para(run("{Company.Name}", bold=True, size=18, color=ACCENT), after=40),
                        para(run("{Company.Address}", color=MUTED), after=0),
                        para(run("{Company.PostCode} {Company.City}", color=MUTED), after=0),
                        para(run("{Company.Country}", color=MUTED), after=0),
                    ],
                    5200,
                ),
                cell(
                    [
                        para(run(L["title"], bold=True, size=24, color=ACCENT, caps=True), align="right", after=40),
                        para(run(L["no"], color=MUTED), run("{Invoice.No}", bold=True), align="right", after=0),
                        para(run(L["date"], color=MUTED), run("{Invoice.PostingDate | date:long}"), align="right", after=0),
                        para(run(L["due"], color=MUTED), run("{Invoice.DueDate | date:long}", bold=True), align="right", after=0),
                    ],
                    4438,
                ),
            )
        ],
        [5200, 4438],
    )

    billing = table(
        [
            row(
                cell(
                    [
                        para(run(L["billTo"], bold=True, color=MUTED, caps=True, size=8), after=40),
                        para(run("{Customer.Name}", bold=True, size=11), after=0),
                        para(run("{Customer.Address}"), after=0),
                        para(run("{Customer.PostCode} {Customer.City}"), after=0),
                        para(run("{Customer.Country}"), after=0),
                    ],
                    5200,
                ),
                cell(
                    [
                        para(run(L["details"], bold=True, color=MUTED, caps=True, size=8), after=40),
                        para(run(L["customerNo"], color=MUTED), run("{Customer.No}"), after=0),
                        para(run(L["yourRef"], color=MUTED), run("{Invoice.YourReference}"), after=0),
                        para(run(L["orderNo"], color=MUTED), run("{Invoice.OrderNo}"), after=0),
                        para(run(L["terms"], color=MUTED), run("{Invoice.PaymentTerms}"), after=0),
                    ],
                    4438,
                ),
            )
        ],
        [5200, 4438],
    )

    widths = [1300, 4138, 1100, 1500, 1600]
    head = row(
        cell(run(L["item"], bold=True, color="FFFFFF"), widths[0], fill=ACCENT),
        cell(run(L["description"], bold=True, color="FFFFFF"), widths[1], fill=ACCENT),
        cell(run(L["qty"], bold=True, color="FFFFFF"), widths[2], fill=ACCENT, align="right"),
        cell(run(L["unitPrice"], bold=True, color="FFFFFF"), widths[3], fill=ACCENT, align="right"),
        cell(run(L["amount"], bold=True, color="FFFFFF"), widths[4], fill=ACCENT, align="right"),
        header=True,
    )
    line = row(
        cell(run("{#Lines}{No}"), widths[0], borders=bottom_line),
        cell(run("{Description}"), widths[1], borders=bottom_line),
        cell(run("{Quantity | number} {Unit}"), widths[2], borders=bottom_line, align="right"),
        cell(run("{UnitPrice | currency}"), widths[3], borders=bottom_line, align="right"),
        cell(run("{Amount | currency}{/Lines}"), widths[4], borders=bottom_line, align="right"),
    )
    label_w = sum(widths[:4])
    totals_rows = [
        row(
            cell(run(L["subtotal"], color=MUTED), label_w, align="right", span=4),
            cell(run("{Totals.Subtotal | currency}"), widths[4], align="right"),
        ),
        row(
            cell(run(L["vat"], color=MUTED), label_w, align="right", span=4),
            cell(run("{Totals.VatAmount | currency}"), widths[4], align="right"),
        ),
        row(
            cell(run(L["total"], bold=True, size=12, color=ACCENT), label_w, align="right", span=4),
            cell(
                run("{Totals.Total | currency}", bold=True, size=12, color=ACCENT),
                widths[4],
                borders=top_strong,
                align="right",
            ),
        ),
    ]
    # Totals share the line table's columns, so they stay aligned under "Amount" in every mail client.
    lines = table([head, line, *totals_rows], widths)

    payment = [
        para(run(L["howToPay"], bold=True, color=ACCENT, size=11), before=360, after=60),
        para(
            run(L["pay1"]),
            run("{Totals.Total | currency}", bold=True),
            run(L["pay2"]),
            run("{Invoice.DueDate | date:long}", bold=True),
            run(L["pay3"]),
            after=60,
        ),
        para(run(L["thanks"], color=MUTED), after=60),
    ]

    footer_line = para(
        run(L["footer"], color=MUTED, size=8),
        align="center",
        after=0,
    )

    body = "".join(
        [
            header,
            para(run(""), after=240),
            billing,
            para(run(""), after=240),
            lines,
            *payment,
        ]
    )

    document = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:document {W}><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"""

    footer = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:ftr {W}>{footer_line}</w:ftr>"""

    styles = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:color w:val="1F2937"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
    <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
    </w:styles>"""

    content_types = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
    <Default Extension="xml" ContentType="application/xml"/>
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
    <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
    <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
    </Types>"""

    rels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
    </Relationships>"""

    doc_rels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
    <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
    <Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
    </Relationships>"""

    core = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <dc:title>{L["docTitle"]}</dc:title><dc:creator>Verzend</dc:creator>
    <dcterms:created xsi:type="dcterms:W3CDTF">2026-11-27T00:00:00Z</dcterms:created>
    </cp:coreProperties>"""

    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), filename)
    # Fixed timestamps so rebuilding gives the same bytes (and the same content hash in the blob store).
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", doc_rels),
            ("word/styles.xml", styles),
            ("word/footer1.xml", footer),
            ("docProps/core.xml", core),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 27, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, "\n".join(line.strip() for line in data.split("\n")).encode("utf-8"))
    print(out)


for labels in LABELS.values():
    build(labels, labels["file"])
