#include "planeditormodel.h"

#include <QJsonArray>

// The half of PlanEditorModel that judges the draft and writes the
// POST /admin/plans body.

namespace {

// The server's limits (docs/seating.md), checked here so that the dialog can
// say what is wrong before anything is sent.
constexpr int kMaxSections = 50;
constexpr int kMaxSeats = 20000;
constexpr int kMaxCategoryLength = 40;

QJsonArray labelList(const QList<PlanEditorModel::Seat> &seats, int section,
                     bool PlanEditorModel::Seat::*flag)
{
    QJsonArray labels;
    for (const PlanEditorModel::Seat &seat : seats)
        if (seat.section == section && seat.*flag)
            labels.append(seat.label);
    return labels;
}

} // namespace

QString PlanEditorModel::validate(const QString &planName) const
{
    if (planName.trimmed().isEmpty())
        return tr("Give the plan a name.");
    if (m_sections.isEmpty())
        return tr("A plan needs at least one section.");
    if (m_sections.size() > kMaxSections)
        return tr("A plan has at most %1 sections.").arg(kMaxSections);
    QSet<QString> names;
    for (const Section &s : m_sections) {
        if (s.name.isEmpty())
            return tr("Every section needs a name.");
        if (names.contains(s.name))
            return tr("Two sections are called “%1”; section names are unique.").arg(s.name);
        names.insert(s.name);
        if (s.category.isEmpty() || s.category.size() > kMaxCategoryLength)
            return tr("The category of “%1” must be 1 to %2 characters.")
                .arg(s.name)
                .arg(kMaxCategoryLength);
    }
    QSet<QString> labels;
    for (const Seat &seat : seats()) {
        if (labels.contains(seat.label))
            return tr("Seat %1 is in two sections; give one of them another first row.")
                .arg(seat.label);
        labels.insert(seat.label);
    }
    if (labels.size() > kMaxSeats)
        return tr("A plan holds at most %1 seats (this one %2).").arg(kMaxSeats).arg(labels.size());
    return {};
}

QJsonObject PlanEditorModel::sectionJson(int index, const QList<Seat> &seats) const
{
    const Section &s = m_sections.at(index);
    QJsonObject json{{QStringLiteral("name"), s.name}, {QStringLiteral("category"), s.category}};
    if (s.rank >= 0)
        json.insert(QStringLiteral("rank"), s.rank);
    if (s.moved.isEmpty()) {
        json.insert(QStringLiteral("rows"), s.rows);
        json.insert(QStringLiteral("seats_per_row"), s.seatsPerRow);
        if (s.curved)
            json.insert(QStringLiteral("curved"), true);
        if (!s.firstRow.isEmpty())
            json.insert(QStringLiteral("first_row"), s.firstRow);
        const std::pair<const char *, bool Seat::*> lists[] = {
            {"accessible", &Seat::accessible},
            {"restricted_view", &Seat::restrictedView},
            {"aisle", &Seat::aisle}};
        for (const auto &[key, flag] : lists)
            if (const QJsonArray labels = labelList(seats, index, flag); !labels.isEmpty())
                json.insert(QLatin1String(key), labels);
        return json;
    }
    // Explicit: every seat with where it is drawn; labels and positions are
    // the defaults (row-number, the number), so only x and y are new.
    QJsonArray rows;
    QJsonArray rowSeats;
    QString currentRow;
    const auto closeRow = [&] {
        if (!rowSeats.isEmpty())
            rows.append(QJsonObject{{QStringLiteral("label"), currentRow},
                                    {QStringLiteral("seats"), rowSeats}});
        rowSeats = {};
    };
    for (const Seat &seat : seats) {
        if (seat.section != index)
            continue;
        if (seat.row != currentRow) {
            closeRow();
            currentRow = seat.row;
        }
        QJsonObject seatJson{{QStringLiteral("number"), seat.number},
                             {QStringLiteral("x"), seat.x},
                             {QStringLiteral("y"), seat.y}};
        if (seat.accessible)
            seatJson.insert(QStringLiteral("accessible"), true);
        if (seat.restrictedView)
            seatJson.insert(QStringLiteral("restricted_view"), true);
        if (seat.aisle)
            seatJson.insert(QStringLiteral("aisle"), true);
        rowSeats.append(seatJson);
    }
    closeRow();
    json.insert(QStringLiteral("rows"), rows);
    return json;
}

QJsonObject PlanEditorModel::toJson(const QString &planName) const
{
    const QList<Seat> all = seats();
    QJsonArray sections;
    for (int index = 0; index < m_sections.size(); ++index)
        sections.append(sectionJson(index, all));
    return {{QStringLiteral("name"), planName.trimmed()}, {QStringLiteral("sections"), sections}};
}
