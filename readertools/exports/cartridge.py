"""The question bank for any LMS: an IMS Common Cartridge 1.3 package (.imscc), written with lxml,
that Brightspace, Blackboard, Canvas and Moodle import.

`imsmanifest.xml` (CC 1.3's namespaces and schema version) lists one assessment per session (resource
type `imsqti_xmlv1p2/imscc_xmlv1p3/assessment`, its file `<id>/assessment.xml`), and its organization
puts them, in order, in one module named after the course (Canvas makes a module of each item under
the root; Moodle's importer creates an activity for each item it finds there). Each assessment is QTI
1.2 in the Common Cartridge profile (`cc.exam.v0p1`), its items essays (`cc.essay.v0p1`, scored by
hand: `qmd_computerscored` No, their points in `cc_weighting`): the metadata by which Brightspace and
the others recognise an essay. An item holds what students see only (`exports.bank_items`): the
profile has no field that students never see (feedback and solutions are shown to them), so the
answers are not in the cartridge; they travel in the Moodle XML bank's grader information and the
answer keys.
"""

import zipfile
from pathlib import Path

from lxml import etree

from readertools.exports.bank_items import html_fragment

CP = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = {
    CP: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
    LOM: "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd",
    QTI: "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd",
}
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"


def _schema_location(*namespaces: str) -> dict[str, str]:
    return {f"{{{XSI}}}schemaLocation": " ".join(f"{ns} {SCHEMAS[ns]}" for ns in namespaces)}


def _metadata(parent, fields) -> None:
    """A `qtimetadata` of (label, entry) fields."""
    metadata = etree.SubElement(parent, f"{{{QTI}}}qtimetadata")
    for label, entry in fields:
        field = etree.SubElement(metadata, f"{{{QTI}}}qtimetadatafield")
        etree.SubElement(field, f"{{{QTI}}}fieldlabel").text = label
        etree.SubElement(field, f"{{{QTI}}}fieldentry").text = entry


def _item(section, item, ident: str) -> None:
    q = f"{{{QTI}}}"
    element = etree.SubElement(section, q + "item", ident=ident, title=item.title)
    _metadata(etree.SubElement(element, q + "itemmetadata"),
              (("cc_profile", "cc.essay.v0p1"), ("cc_weighting", str(item.points)),
               ("qmd_scoringpermitted", "Yes"), ("qmd_computerscored", "No")))
    presentation = etree.SubElement(element, q + "presentation")
    material = etree.SubElement(presentation, q + "material")
    etree.SubElement(material, q + "mattext", texttype="text/html").text = html_fragment(item.blocks)
    response = etree.SubElement(presentation, q + "response_str", ident="response1", rcardinality="Single")
    etree.SubElement(etree.SubElement(response, q + "render_fib"), q + "response_label", ident="answer1",
                     rshuffle="No")
    processing = etree.SubElement(element, q + "resprocessing")
    etree.SubElement(etree.SubElement(processing, q + "outcomes"), q + "decvar", maxvalue="100", minvalue="0",
                     varname="SCORE", vartype="Decimal")
    condition = etree.SubElement(processing, q + "respcondition", {"continue": "No"})
    etree.SubElement(etree.SubElement(condition, q + "conditionvar"), q + "other")


def assessment_xml(quiz, ident: str) -> bytes:
    q = f"{{{QTI}}}"
    root = etree.Element(q + "questestinterop", _schema_location(QTI), nsmap={None: QTI, "xsi": XSI})
    assessment = etree.SubElement(root, q + "assessment", ident=ident, title=quiz.title)
    _metadata(assessment, (("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"),
                           ("qmd_scoretype", "Percentage"), ("cc_maxattempts", "1")))
    section = etree.SubElement(assessment, q + "section", ident=f"{ident}_root")
    for item in quiz.items:
        _item(section, item, f"{ident}_{item.ident}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def manifest_xml(quizzes, title: str) -> bytes:
    c, lom = f"{{{CP}}}", f"{{{LOM}}}"
    root = etree.Element(c + "manifest", _schema_location(CP, LOM), identifier="reader_banks",
                         nsmap={None: CP, "lomimscc": LOM, "xsi": XSI})
    metadata = etree.SubElement(root, c + "metadata")
    etree.SubElement(metadata, c + "schema").text = "IMS Common Cartridge"
    etree.SubElement(metadata, c + "schemaversion").text = "1.3.0"
    general = etree.SubElement(etree.SubElement(metadata, lom + "lom"), lom + "general")
    etree.SubElement(etree.SubElement(general, lom + "title"), lom + "string", language="en").text = title
    organization = etree.SubElement(etree.SubElement(root, c + "organizations"), c + "organization",
                                    identifier="organization", structure="rooted-hierarchy")
    module = etree.SubElement(etree.SubElement(organization, c + "item", identifier="root"), c + "item",
                              identifier="module")
    etree.SubElement(module, c + "title").text = title
    resources = etree.SubElement(root, c + "resources")
    for index, quiz in enumerate(quizzes, start=1):
        ident = _ident(index)
        item = etree.SubElement(module, c + "item", identifier=f"{ident}_item", identifierref=ident)
        etree.SubElement(item, c + "title").text = quiz.title
        resource = etree.SubElement(resources, c + "resource", identifier=ident, type=ASSESSMENT)
        etree.SubElement(resource, c + "file", href=f"{ident}/assessment.xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _ident(index: int) -> str:
    return f"session_{index:02d}"


def write_cartridge(quizzes, path: Path, title: str) -> Path:
    """Write every quiz into one cartridge at `path`, its module named `title`."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("imsmanifest.xml", manifest_xml(quizzes, title))
        for index, quiz in enumerate(quizzes, start=1):
            out.writestr(f"{_ident(index)}/assessment.xml", assessment_xml(quiz, f"{_ident(index)}_assessment"))
    return path
