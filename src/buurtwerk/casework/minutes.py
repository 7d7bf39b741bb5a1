"""The minutes of a team meeting as a PDF (ReportLab), for the file and for those absent."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer

from buurtwerk.core.pdf import PdfDocument

from .models import FollowUp, Meeting


def minutes_pdf(
    meeting: Meeting, agenda: list[Any], general_decisions: list[Any], follow_ups: list[FollowUp]
) -> bytes:
    """Render the minutes; text is escaped because ReportLab paragraphs read markup."""
    title = _("Notulen %(team)s") % {"team": meeting.team.name}
    pdf = PdfDocument(title=title, author=meeting.team.name)
    styles = pdf.styles
    when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    story: list[Any] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(when), styles["Normal"]),
    ]
    attendees = ", ".join(user.get_full_name() or user.username for user in meeting.attendees.all())
    if attendees:
        story.append(
            Paragraph(escape(_("Aanwezig: %(names)s") % {"names": attendees}), styles["Normal"])
        )
    story += [Spacer(1, 0.5 * cm), Paragraph(escape(_("Agenda en besluiten")), styles["Heading2"])]
    for number, line in enumerate(agenda, start=1):
        story.append(
            Paragraph(
                escape(f"{number}. {line.item.get_kind_display()}: {line.title}"),
                styles["Heading4"],
            )
        )
        decisions = line.decisions if line.visible else []
        if decisions:
            story.append(_bullets([decision.text for decision in decisions], styles))
        else:
            story.append(Paragraph(escape(_("Geen besluit.")), styles["Normal"]))
    if general_decisions:
        story.append(Paragraph(escape(_("Overige besluiten")), styles["Heading2"]))
        story.append(_bullets([decision.text for decision in general_decisions], styles))
    story.append(Paragraph(escape(_("Acties uit dit overleg")), styles["Heading2"]))
    if follow_ups:
        story.append(
            _bullets(
                [
                    _("%(what)s. Wie: %(who)s. Uiterlijk: %(when)s.")
                    % {
                        "what": follow_up.description,
                        "who": (
                            follow_up.assignee.get_full_name() or follow_up.assignee.username
                            if follow_up.assignee
                            else _("nog niemand")
                        ),
                        "when": date_format(follow_up.due_on, "DATE_FORMAT"),
                    }
                    for follow_up in follow_ups
                ],
                styles,
            )
        )
    else:
        story.append(Paragraph(escape(_("Geen nieuwe acties.")), styles["Normal"]))
    return pdf.render(story)


def _bullets(texts: list[str], styles: Any) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(escape(text), styles["Normal"])) for text in texts],
        bulletType="bullet",
        leftIndent=12,
    )
