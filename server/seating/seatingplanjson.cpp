#include "seatingplanjson.h"

#include <QHash>
#include <QJsonArray>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <numbers>
#include <optional>

namespace SeatingPlanJson {

namespace {
// The columns' CHECKs of sql/018_reserved_seating.sql, so that a plan read
// here is never refused by the database.
constexpr int kMaxNameLength = 100;
constexpr int kMaxCategoryLength = 40;
constexpr int kMaxRank = 1000;
constexpr int kMaxRowLabelLength = 10;
constexpr int kMaxSeatLabelLength = 20;
constexpr int kMaxSeatNumber = 9999;
constexpr int kMaxPosition = 9999;
// "ZZZ" is row 18 278, far more than a section has; four letters at most
// after 200 rows keeps generated labels well inside kMaxSeatLabelLength.
constexpr int kMaxFirstRowLetters = 3;
// Drawing coordinates in seat widths; a hall is nowhere near this wide.
constexpr double kMaxCoordinate = 100000;
// A section's front row is this many rows behind the previous section's
// furthest seat, which leaves one empty row's depth between them.
constexpr double kSectionGap = 2;
// A curved section bends its widest row through this angle on each side of
// its centre line; narrower rows follow the same arc.
constexpr double kCurveHalfAngle = std::numbers::pi / 6;

// Fields that belong to the other kind of section, for a message that says so.
constexpr std::initializer_list<const char *> kGeneratorOnly = {
    "seats_per_row", "curved", "first_row", "accessible", "restricted_view", "aisle"};

// 0 -> "A", 25 -> "Z", 26 -> "AA", 27 -> "AB", 702 -> "AAA": spreadsheet columns.
QString rowLetters(int index)
{
    QString letters;
    for (int n = index + 1; n > 0; n = (n - 1) / 26)
        letters.prepend(QChar(u'A' + (n - 1) % 26));
    return letters;
}

// The inverse of rowLetters for 1..kMaxFirstRowLetters upper-case letters.
int rowIndexOf(const QString &letters)
{
    int n = 0;
    for (const QChar c : letters)
        n = n * 26 + (c.unicode() - u'A' + 1);
    return n - 1;
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString indexed(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

// Reads the fields of one JSON object of the body. Every reader of one body
// shares one error slot: once a problem is recorded the others return nothing,
// so the first problem found is the one reported. An absent or null field is
// "not given", as JsonFieldReader has it.
class ObjectFields
{
public:
    ObjectFields(QJsonObject object, QString path, std::optional<DomainError> &error)
        : m_object(std::move(object)), m_path(std::move(path)), m_error(error)
    {
    }

    bool ok() const { return !m_error.has_value(); }
    // Where this object is in the body ("sections[0]"; empty for the body itself).
    const QString &where() const { return m_path; }
    QString path(const QString &key) const { return join(m_path, key); }
    const QJsonObject &object() const { return m_object; }

    void fail(ErrorCode code, const QString &field, const QString &message)
    {
        if (!m_error)
            m_error = DomainError{code, message, {{QStringLiteral("field"), field}}};
    }

    // Refuses any key not in `known` or `ignored`; a typo must not pass as an
    // absent optional field. `kind` names the object for the message.
    bool onlyKnown(std::initializer_list<const char *> known,
                   std::initializer_list<const char *> ignored, const QString &kind,
                   std::initializer_list<const char *> otherKind = {}, const QString &hint = {})
    {
        const auto contains = [](std::initializer_list<const char *> list, const QString &key) {
            return std::any_of(list.begin(), list.end(),
                               [&key](const char *name) { return key == QLatin1String(name); });
        };
        for (const QString &key : m_object.keys()) {
            if (contains(known, key) || contains(ignored, key))
                continue;
            if (contains(otherKind, key)) {
                fail(ErrorCode::InvalidField, path(key),
                     QStringLiteral("%1 is not a field of %2; %3.").arg(path(key), kind, hint));
            } else {
                QStringList names;
                for (const char *name : known)
                    names.append(QLatin1String(name));
                fail(ErrorCode::InvalidField, path(key),
                     QStringLiteral("%1 is not a known field; %2 has %3.")
                         .arg(path(key), kind, names.join(QStringLiteral(", "))));
            }
            return false;
        }
        return ok();
    }

    bool given(const QString &key, bool required)
    {
        if (!ok())
            return false;
        const QJsonValue value = m_object.value(key);
        if (!value.isUndefined() && !value.isNull())
            return true;
        if (required)
            fail(ErrorCode::MissingField, path(key),
                 QStringLiteral("%1 is required.").arg(path(key)));
        return false;
    }

    // Trimmed one-line text of min..max characters (code points).
    std::optional<QString> text(const QString &key, int min, int max, bool required)
    {
        if (!given(key, required))
            return std::nullopt;
        const QJsonValue value = m_object.value(key);
        if (!value.isString()) {
            fail(ErrorCode::InvalidField, path(key),
                 QStringLiteral("%1 must be a string.").arg(path(key)));
            return std::nullopt;
        }
        const QString text = value.toString().trimmed();
        // Names and labels are printed on tickets and stored in PostgreSQL,
        // which cannot hold NUL; a broken surrogate would come back changed.
        const bool printable = std::none_of(text.begin(), text.end(), [](QChar c) {
            return c.unicode() < 0x20 || c.unicode() == 0x7f;
        });
        if (!text.isValidUtf16() || !printable) {
            fail(ErrorCode::InvalidField, path(key),
                 QStringLiteral("%1 must be one line of text without control characters.")
                     .arg(path(key)));
            return std::nullopt;
        }
        const qsizetype length = text.toUcs4().size();
        if (length < min || length > max) {
            fail(ErrorCode::OutOfRange, path(key),
                 QStringLiteral("%1 must be %2 to %3 characters long.")
                     .arg(path(key))
                     .arg(min)
                     .arg(max));
            return std::nullopt;
        }
        return text;
    }

    std::optional<int> integer(const QString &key, int min, int max, bool required)
    {
        if (!given(key, required))
            return std::nullopt;
        const QJsonValue value = m_object.value(key);
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number) {
            fail(ErrorCode::InvalidField, path(key),
                 QStringLiteral("%1 must be a whole number.").arg(path(key)));
            return std::nullopt;
        }
        if (number < min || number > max) {
            fail(ErrorCode::OutOfRange, path(key),
                 QStringLiteral("%1 must be between %2 and %3.").arg(path(key)).arg(min).arg(max));
            return std::nullopt;
        }
        return int(number);
    }

    std::optional<double> number(const QString &key, double limit)
    {
        if (!given(key, false))
            return std::nullopt;
        const QJsonValue value = m_object.value(key);
        if (!value.isDouble() || !std::isfinite(value.toDouble())) {
            fail(ErrorCode::InvalidField, path(key),
                 QStringLiteral("%1 must be a number.").arg(path(key)));
            return std::nullopt;
        }
        if (std::abs(value.toDouble()) > limit) {
            fail(ErrorCode::OutOfRange, path(key),
                 QStringLiteral("%1 must be between -%2 and %2.").arg(path(key)).arg(limit));
            return std::nullopt;
        }
        return value.toDouble();
    }

    std::optional<bool> boolean(const QString &key)
    {
        if (!given(key, false))
            return std::nullopt;
        const QJsonValue value = m_object.value(key);
        if (!value.isBool()) {
            fail(ErrorCode::InvalidField, path(key),
                 QStringLiteral("%1 must be true or false.").arg(path(key)));
            return std::nullopt;
        }
        return value.toBool();
    }

    // An array of min..max elements; `what` names the elements for the message.
    std::optional<QJsonArray> array(const QString &key, int min, int max, const QString &what,
                                    bool required)
    {
        if (!given(key, required))
            return std::nullopt;
        const QJsonValue value = m_object.value(key);
        if (!value.isArray()) {
            fail(ErrorCode::InvalidField, path(key),
                 QStringLiteral("%1 must be an array of %2.").arg(path(key), what));
            return std::nullopt;
        }
        const QJsonArray array = value.toArray();
        if (array.size() < min || array.size() > max) {
            fail(ErrorCode::OutOfRange, path(key),
                 QStringLiteral("%1 must have %2 to %3 %4.")
                     .arg(path(key))
                     .arg(min)
                     .arg(max)
                     .arg(what));
            return std::nullopt;
        }
        return array;
    }

private:
    QJsonObject m_object;
    QString m_path;
    std::optional<DomainError> &m_error;
};

// A seat read from an explicit row, before its section's layout is known.
struct PendingSeat
{
    PlanSeat seat;
    std::optional<double> x;
    std::optional<double> y;
};

// Reads one body into a SeatingPlan; used once.
class PlanReader
{
public:
    Result<SeatingPlan> read(const QJsonObject &body);

private:
    bool readSection(const QJsonValue &value, int index);
    bool readGenerated(ObjectFields &fields, int index, int rows);
    bool readExplicit(ObjectFields &fields, int index, const QJsonArray &rows);
    bool applyMarks(ObjectFields &fields, const QString &key,
                    const QHash<QString, qsizetype> &seatsByLabel, bool PlanSeat::*flag);
    bool countSeats(qsizetype more, const QString &where);
    bool claimLabel(const QString &label, const QString &field, const QString &where,
                    const QString &hint);
    double nextSectionY() const { return m_plan.seats.isEmpty() ? 0 : m_maxY + kSectionGap; }
    void noteSeats(qsizetype firstSeat);
    bool fail(ErrorCode code, const QString &field, const QString &message)
    {
        if (!m_error)
            m_error = DomainError{code, message, {{QStringLiteral("field"), field}}};
        return false;
    }

    std::optional<DomainError> m_error;
    SeatingPlan m_plan;
    qsizetype m_seatCount = 0;             // seats read or about to be read
    double m_maxY = 0;                     // furthest back seat so far
    QHash<QString, QString> m_labelOwners; // seat label -> where it was given
    QHash<QString, int> m_sectionNames;    // name -> section index
};

Result<SeatingPlan> PlanReader::read(const QJsonObject &body)
{
    ObjectFields fields(body, QString(), m_error);
    // id and seat_count are what GET answers; ignored so the answer can be re-posted.
    fields.onlyKnown({"name", "sections"}, {"id", "seat_count"}, QStringLiteral("a plan"));
    const auto name = fields.text(QStringLiteral("name"), 1, kMaxNameLength, true);
    const auto sections =
        fields.array(QStringLiteral("sections"), 1, kMaxSections, QStringLiteral("sections"), true);
    if (!fields.ok())
        return *m_error;
    m_plan.name = *name;
    for (qsizetype i = 0; i < sections->size(); ++i) {
        if (!readSection(sections->at(i), int(i)))
            return *m_error;
    }
    // Every section has at least one row and every row one seat, so this only
    // guards a future format that allows empty ones.
    if (m_plan.seats.isEmpty())
        return DomainError{ErrorCode::OutOfRange,
                           QStringLiteral("A plan must have at least one seat."),
                           {{QStringLiteral("field"), QStringLiteral("sections")}}};
    return m_plan;
}

bool PlanReader::readSection(const QJsonValue &value, int index)
{
    const QString path = indexed(QStringLiteral("sections"), index);
    if (!value.isObject())
        return fail(ErrorCode::InvalidField, path,
                    QStringLiteral("%1 must be an object.").arg(path));
    ObjectFields fields(value.toObject(), path, m_error);
    // The type of rows decides the format. Without a usable rows, both formats'
    // fields are allowed so that the message is about rows, not a field after it.
    const QJsonValue rows = fields.object().value(QStringLiteral("rows"));
    const bool generated = rows.isDouble();
    if (generated || !rows.isArray()) {
        fields.onlyKnown({"name", "category", "rank", "rows", "seats_per_row", "curved",
                          "first_row", "accessible", "restricted_view", "aisle"},
                         {}, QStringLiteral("a section"));
    } else {
        fields.onlyKnown(
            {"name", "category", "rank", "rows"}, {}, QStringLiteral("a section with listed rows"),
            kGeneratorOnly,
            QStringLiteral("it belongs to a generated section, whose rows is a number"));
    }

    PlanSection section;
    const auto name = fields.text(QStringLiteral("name"), 1, kMaxNameLength, true);
    const auto category = fields.text(QStringLiteral("category"), 1, kMaxCategoryLength, true);
    const auto rank = fields.integer(QStringLiteral("rank"), 0, kMaxRank, false);
    if (!fields.ok())
        return false;
    if (const auto other = m_sectionNames.constFind(*name); other != m_sectionNames.cend())
        return fail(ErrorCode::InvalidField, fields.path(QStringLiteral("name")),
                    QStringLiteral("%1 \"%2\" is already the name of sections[%3]; section "
                                   "names must be unique in a plan.")
                        .arg(fields.path(QStringLiteral("name")), *name)
                        .arg(*other));
    m_sectionNames.insert(*name, index);
    section.name = *name;
    section.category = *category;
    section.rank = rank.value_or(index);
    m_plan.sections.append(section);

    if (generated) {
        const auto count = fields.integer(QStringLiteral("rows"), 1, kMaxRowsPerSection, true);
        return fields.ok() && readGenerated(fields, index, *count);
    }
    if (rows.isUndefined() || rows.isNull())
        return fail(ErrorCode::MissingField, fields.path(QStringLiteral("rows")),
                    QStringLiteral("%1 is required: a number of rows to generate, or an array "
                                   "of rows.")
                        .arg(fields.path(QStringLiteral("rows"))));
    if (!rows.isArray())
        return fail(ErrorCode::InvalidField, fields.path(QStringLiteral("rows")),
                    QStringLiteral("%1 must be a number of rows to generate, or an array of rows.")
                        .arg(fields.path(QStringLiteral("rows"))));
    const auto list =
        fields.array(QStringLiteral("rows"), 1, kMaxRowsPerSection, QStringLiteral("rows"), true);
    return fields.ok() && readExplicit(fields, index, *list);
}

bool PlanReader::readGenerated(ObjectFields &fields, int index, int rows)
{
    const auto perRow = fields.integer(QStringLiteral("seats_per_row"), 1, kMaxSeatsPerRow, true);
    const auto curved = fields.boolean(QStringLiteral("curved"));
    const auto firstRow = fields.text(QStringLiteral("first_row"), 1, kMaxFirstRowLetters, false);
    if (!fields.ok())
        return false;
    int firstRowIndex = 0;
    if (firstRow) {
        const QString letters = firstRow->toUpper();
        const bool lettersOnly = std::all_of(letters.begin(), letters.end(),
                                             [](QChar c) { return c >= u'A' && c <= u'Z'; });
        if (!lettersOnly)
            return fail(ErrorCode::InvalidField, fields.path(QStringLiteral("first_row")),
                        QStringLiteral("%1 must be 1 to %2 letters A to Z, like \"A\" or \"AA\".")
                            .arg(fields.path(QStringLiteral("first_row")))
                            .arg(kMaxFirstRowLetters));
        firstRowIndex = rowIndexOf(letters);
    }
    // Counted before the seats are made: 50 sections of 200 x 500 would be five
    // million seats to build only to refuse them.
    if (!countSeats(qsizetype(rows) * *perRow, fields.where()))
        return false;

    const qsizetype firstSeat = m_plan.seats.size();
    const double offsetY = nextSectionY();
    // Centred on x = 0: seat 1 is at -(M-1)/2, seat M at (M-1)/2.
    const double halfWidth = (*perRow - 1) / 2.0;
    const double radius = halfWidth / kCurveHalfAngle;
    QHash<QString, qsizetype> seatsByLabel;
    seatsByLabel.reserve(qsizetype(rows) * *perRow);
    for (int r = 0; r < rows; ++r) {
        const QString row = rowLetters(firstRowIndex + r);
        for (int number = 1; number <= *perRow; ++number) {
            PlanSeat seat;
            seat.section = index;
            seat.row = row;
            seat.rowIndex = r;
            seat.number = number;
            seat.position = number;
            seat.label = QStringLiteral("%1-%2").arg(row).arg(number);
            const double along = number - 1 - halfWidth;
            if (curved.value_or(false) && halfWidth > 0) {
                // One seat width apart along an arc around the stage, as rows
                // of a hall wrap around it: the ends come forward, the centre
                // stays where a straight row would be. Every row of the
                // section has the same arc.
                const double angle = along / radius;
                const double sag = radius * (1 - std::cos(angle));
                seat.x = radius * std::sin(angle);
                seat.y = offsetY + r - sag;
            } else {
                seat.x = along;
                seat.y = offsetY + r;
            }
            seatsByLabel.insert(seat.label, m_plan.seats.size());
            m_plan.seats.append(seat);
        }
    }
    if (!applyMarks(fields, QStringLiteral("accessible"), seatsByLabel, &PlanSeat::accessible) ||
        !applyMarks(fields, QStringLiteral("restricted_view"), seatsByLabel,
                    &PlanSeat::restrictedView) ||
        !applyMarks(fields, QStringLiteral("aisle"), seatsByLabel, &PlanSeat::aisle))
        return false;
    const QString where = fields.where();
    for (qsizetype i = firstSeat; i < m_plan.seats.size(); ++i) {
        if (!claimLabel(m_plan.seats[i].label, where, where,
                        QStringLiteral("give one of them another first_row")))
            return false;
    }
    noteSeats(firstSeat);
    return true;
}

bool PlanReader::applyMarks(ObjectFields &fields, const QString &key,
                            const QHash<QString, qsizetype> &seatsByLabel, bool PlanSeat::*flag)
{
    // Any number of labels (a seat listed twice is marked once); the section
    // has at most kMaxRowsPerSection * kMaxSeatsPerRow seats.
    const auto labels = fields.array(key, 0, kMaxRowsPerSection * kMaxSeatsPerRow,
                                     QStringLiteral("seat labels"), false);
    if (!fields.ok())
        return false;
    if (!labels)
        return true;
    for (qsizetype i = 0; i < labels->size(); ++i) {
        const QString field = indexed(fields.path(key), i);
        const QJsonValue value = labels->at(i);
        if (!value.isString())
            return fail(
                ErrorCode::InvalidField, field,
                QStringLiteral("%1 must be a seat label (a string such as \"A-1\").").arg(field));
        const QString label = value.toString().trimmed();
        const auto seat = seatsByLabel.constFind(label);
        if (seat == seatsByLabel.cend())
            return fail(ErrorCode::InvalidField, field,
                        QStringLiteral("%1 names seat \"%2\", which this section does not have.")
                            .arg(field, label.left(kMaxSeatLabelLength * 2)));
        m_plan.seats[*seat].*flag = true;
    }
    return true;
}

bool PlanReader::readExplicit(ObjectFields &fields, int index, const QJsonArray &rows)
{
    const qsizetype firstSeat = m_plan.seats.size();
    const double offsetY = nextSectionY();
    QList<PendingSeat> pending;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const QString rowPath = indexed(fields.path(QStringLiteral("rows")), r);
        if (!rows.at(r).isObject())
            return fail(ErrorCode::InvalidField, rowPath,
                        QStringLiteral("%1 must be an object with label and seats.").arg(rowPath));
        ObjectFields row(rows.at(r).toObject(), rowPath, m_error);
        row.onlyKnown({"label", "seats"}, {}, QStringLiteral("a row"));
        const auto rowLabel = row.text(QStringLiteral("label"), 1, kMaxRowLabelLength, true);
        const auto seats =
            row.array(QStringLiteral("seats"), 1, kMaxSeatsPerRow, QStringLiteral("seats"), true);
        if (!row.ok() || !countSeats(seats->size(), rowPath))
            return false;

        const qsizetype rowStart = pending.size();
        QHash<int, QString> positions; // position -> the seat path that has it
        for (qsizetype s = 0; s < seats->size(); ++s) {
            const QString seatPath = indexed(row.path(QStringLiteral("seats")), s);
            if (!seats->at(s).isObject())
                return fail(
                    ErrorCode::InvalidField, seatPath,
                    QStringLiteral("%1 must be an object with at least a number.").arg(seatPath));
            ObjectFields fieldsOfSeat(seats->at(s).toObject(), seatPath, m_error);
            // A seat's id is what GET answers; ignored so the answer can be re-posted.
            fieldsOfSeat.onlyKnown(
                {"number", "label", "position", "x", "y", "accessible", "restricted_view", "aisle"},
                {"id"}, QStringLiteral("a seat"));
            PendingSeat seat;
            const auto number =
                fieldsOfSeat.integer(QStringLiteral("number"), 1, kMaxSeatNumber, true);
            const auto label =
                fieldsOfSeat.text(QStringLiteral("label"), 1, kMaxSeatLabelLength, false);
            const auto position =
                fieldsOfSeat.integer(QStringLiteral("position"), 1, kMaxPosition, false);
            seat.x = fieldsOfSeat.number(QStringLiteral("x"), kMaxCoordinate);
            seat.y = fieldsOfSeat.number(QStringLiteral("y"), kMaxCoordinate);
            const auto accessible = fieldsOfSeat.boolean(QStringLiteral("accessible"));
            const auto restricted = fieldsOfSeat.boolean(QStringLiteral("restricted_view"));
            const auto aisle = fieldsOfSeat.boolean(QStringLiteral("aisle"));
            if (!fieldsOfSeat.ok())
                return false;
            seat.seat.section = index;
            seat.seat.row = *rowLabel;
            seat.seat.rowIndex = int(r);
            seat.seat.number = *number;
            // A row label of 10 and a number of 4 make 15, inside the 20 allowed.
            seat.seat.label = label.value_or(QStringLiteral("%1-%2").arg(*rowLabel).arg(*number));
            seat.seat.position = position.value_or(*number);
            seat.seat.accessible = accessible.value_or(false);
            seat.seat.restrictedView = restricted.value_or(false);
            seat.seat.aisle = aisle.value_or(false);

            const QString positionField = fieldsOfSeat.path(QStringLiteral("position"));
            if (const auto other = positions.constFind(seat.seat.position);
                other != positions.cend())
                return fail(ErrorCode::InvalidField, position ? positionField : seatPath,
                            QStringLiteral("%1 has position %2, which %3 already has; positions "
                                           "in a row must differ.")
                                .arg(seatPath)
                                .arg(seat.seat.position)
                                .arg(*other));
            positions.insert(seat.seat.position, seatPath);
            if (!claimLabel(seat.seat.label,
                            label ? fieldsOfSeat.path(QStringLiteral("label")) : seatPath, seatPath,
                            QStringLiteral("give one of them another label")))
                return false;
            pending.append(seat);
        }
        // Seats may be listed in any order; the plan holds each row left to right.
        std::sort(pending.begin() + rowStart, pending.end(),
                  [](const PendingSeat &a, const PendingSeat &b) {
                      return a.seat.position < b.seat.position;
                  });
    }

    // Seats without coordinates are laid out as the generator lays out its
    // own: one seat width per position, the section centred on x = 0.
    const auto [lowest, highest] =
        std::minmax_element(pending.cbegin(), pending.cend(), [](const auto &a, const auto &b) {
            return a.seat.position < b.seat.position;
        });
    const double centre = (lowest->seat.position + highest->seat.position) / 2.0;
    for (PendingSeat &seat : pending) {
        seat.seat.x = seat.x.value_or(seat.seat.position - centre);
        seat.seat.y = seat.y.value_or(offsetY + seat.seat.rowIndex);
        m_plan.seats.append(seat.seat);
    }
    noteSeats(firstSeat);
    return true;
}

bool PlanReader::countSeats(qsizetype more, const QString &where)
{
    m_seatCount += more;
    if (m_seatCount <= kMaxSeats)
        return true;
    return fail(ErrorCode::OutOfRange, QStringLiteral("sections"),
                QStringLiteral("A plan has at most %1 seats; the sections up to %2 already have "
                               "%3.")
                    .arg(kMaxSeats)
                    .arg(where)
                    .arg(m_seatCount));
}

bool PlanReader::claimLabel(const QString &label, const QString &field, const QString &where,
                            const QString &hint)
{
    const auto owner = m_labelOwners.constFind(label);
    if (owner == m_labelOwners.cend()) {
        m_labelOwners.insert(label, where);
        return true;
    }
    // A plan's labels are unique (plan_seats has UNIQUE (plan_id, label)):
    // the label alone names a seat on a ticket and at the door.
    return fail(ErrorCode::InvalidField, field,
                QStringLiteral("Seat label \"%1\" of %2 is already used in %3; labels must be "
                               "unique in a plan, so %4.")
                    .arg(label, where, *owner, hint));
}

void PlanReader::noteSeats(qsizetype firstSeat)
{
    for (qsizetype i = firstSeat; i < m_plan.seats.size(); ++i)
        m_maxY = (i == 0) ? m_plan.seats[i].y : std::max(m_maxY, m_plan.seats[i].y);
}

} // namespace

Result<SeatingPlan> fromJson(const QJsonObject &body)
{
    return PlanReader().read(body);
}

QJsonObject toJson(const SeatingPlan &plan)
{
    // section -> rowIndex -> seats; QMap keeps rows in rowIndex order.
    QList<QMap<int, QList<const PlanSeat *>>> rows(plan.sections.size());
    for (const PlanSeat &seat : plan.seats) {
        if (seat.section >= 0 && seat.section < rows.size())
            rows[seat.section][seat.rowIndex].append(&seat);
    }

    QJsonArray sections;
    for (qsizetype s = 0; s < plan.sections.size(); ++s) {
        const PlanSection &section = plan.sections[s];
        QJsonArray rowsJson;
        for (auto row = rows[s].begin(); row != rows[s].end(); ++row) {
            QList<const PlanSeat *> &seats = row.value();
            std::stable_sort(seats.begin(), seats.end(), [](const PlanSeat *a, const PlanSeat *b) {
                return a->position < b->position;
            });
            QJsonArray seatsJson;
            for (const PlanSeat *seat : seats) {
                seatsJson.append(QJsonObject{
                    {QStringLiteral("id"), seat->id},
                    {QStringLiteral("label"), seat->label},
                    {QStringLiteral("number"), seat->number},
                    {QStringLiteral("position"), seat->position},
                    {QStringLiteral("x"), seat->x},
                    {QStringLiteral("y"), seat->y},
                    {QStringLiteral("accessible"), seat->accessible},
                    {QStringLiteral("restricted_view"), seat->restrictedView},
                    {QStringLiteral("aisle"), seat->aisle},
                });
            }
            rowsJson.append(QJsonObject{{QStringLiteral("label"), seats.first()->row},
                                        {QStringLiteral("seats"), seatsJson}});
        }
        sections.append(QJsonObject{{QStringLiteral("name"), section.name},
                                    {QStringLiteral("category"), section.category},
                                    {QStringLiteral("rank"), section.rank},
                                    {QStringLiteral("rows"), rowsJson}});
    }
    return QJsonObject{{QStringLiteral("id"), plan.id},
                       {QStringLiteral("name"), plan.name},
                       {QStringLiteral("seat_count"), plan.seats.size()},
                       {QStringLiteral("sections"), sections}};
}

} // namespace SeatingPlanJson
