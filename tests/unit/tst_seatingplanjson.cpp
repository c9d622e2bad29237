// Seating plans from JSON: the generator and explicit formats, their layout,
// every refusal with its code and the field it names, and the GET encoding
// that can be posted back.
#include "seating/seatingplanjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <cmath>

namespace {
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("test JSON does not parse: %s in %s", qPrintable(error.errorString()),
               json.constData());
    return document.object();
}

QJsonObject section(const QString &name, int rows, int perRow, const QString &firstRow = {})
{
    QJsonObject object{
        {"name", name}, {"category", "standard"}, {"rows", rows}, {"seats_per_row", perRow}};
    if (!firstRow.isEmpty())
        object.insert("first_row", firstRow);
    return object;
}

QJsonObject plan(const QJsonArray &sections, const QString &name = QStringLiteral("Studio"))
{
    return QJsonObject{{"name", name}, {"sections", sections}};
}

const QByteArray kExample =
    R"({"name": "Studio", "sections": [
          {"name": "Stalls", "category": "standard", "rows": 10, "seats_per_row": 20}]})";

// A hand-drawn balcony: custom labels, a gap in positions, given coordinates,
// seats out of order, flags, and a row that leaves everything to the defaults.
const QByteArray kExplicit = R"({"name": "Hall", "sections": [
    {"name": "Balcony", "category": "premium", "rank": 3, "rows": [
        {"label": "A", "seats": [
            {"number": 2, "position": 2, "x": 1.5, "y": 0.25, "aisle": true},
            {"number": 1, "label": "A-1", "position": 1, "x": 0.0, "y": 0.0,
             "accessible": true, "restricted_view": false, "aisle": false},
            {"number": 3, "position": 5, "restricted_view": true}]},
        {"label": "BB", "seats": [{"number": 7}, {"number": 8}]}]}]})";

const QByteArray kMixed = R"({"name": "Mixed", "sections": [
    {"name": "Stalls", "category": "standard", "rows": 3, "seats_per_row": 4, "curved": true,
     "accessible": ["A-1"], "aisle": ["B-4"]},
    {"name": "Box", "category": "box", "rows": [
        {"label": "X", "seats": [{"number": 1}, {"number": 2}, {"number": 3}]}]}]})";

QString describe(const PlanSeat &s)
{
    return QStringLiteral("%1 sec %2 row %3/%4 no %5 pos %6 (%7, %8) a%9 r%10 i%11")
        .arg(s.label)
        .arg(s.section)
        .arg(s.row)
        .arg(s.rowIndex)
        .arg(s.number)
        .arg(s.position)
        .arg(s.x)
        .arg(s.y)
        .arg(int(s.accessible))
        .arg(int(s.restrictedView))
        .arg(int(s.aisle));
}

// Equal but for ids; the first difference as a sentence, or empty.
QString difference(const SeatingPlan &a, const SeatingPlan &b)
{
    if (a.name != b.name)
        return QStringLiteral("name %1 vs %2").arg(a.name, b.name);
    if (a.sections.size() != b.sections.size())
        return QStringLiteral("%1 vs %2 sections").arg(a.sections.size()).arg(b.sections.size());
    for (qsizetype i = 0; i < a.sections.size(); ++i) {
        const PlanSection &x = a.sections[i];
        const PlanSection &y = b.sections[i];
        if (x.name != y.name || x.category != y.category || x.rank != y.rank)
            return QStringLiteral("section %1: %2/%3/%4 vs %5/%6/%7")
                .arg(i)
                .arg(x.name, x.category)
                .arg(x.rank)
                .arg(y.name, y.category)
                .arg(y.rank);
    }
    if (a.seats.size() != b.seats.size())
        return QStringLiteral("%1 vs %2 seats").arg(a.seats.size()).arg(b.seats.size());
    for (qsizetype i = 0; i < a.seats.size(); ++i) {
        if (describe(a.seats[i]) != describe(b.seats[i]) || a.seats[i].x != b.seats[i].x ||
            a.seats[i].y != b.seats[i].y)
            return QStringLiteral("seat %1: %2 vs %3")
                .arg(i)
                .arg(describe(a.seats[i]), describe(b.seats[i]));
    }
    return {};
}

const PlanSeat *seatLabelled(const SeatingPlan &plan, const QString &label)
{
    for (const PlanSeat &seat : plan.seats) {
        if (seat.label == label)
            return &seat;
    }
    return nullptr;
}
} // namespace

class TestSeatingPlanJson : public QObject
{
    Q_OBJECT

private:
    static SeatingPlan read(const QJsonObject &body)
    {
        const Result<SeatingPlan> plan = SeatingPlanJson::fromJson(body);
        if (!plan.ok())
            qWarning("refused: %s (%s)", qPrintable(plan.error().message),
                     qPrintable(errorCodeName(plan.error().code)));
        return plan.ok() ? plan.value() : SeatingPlan{};
    }

private Q_SLOTS:
    void generatorExampleGivesTwoHundredSeats()
    {
        const Result<SeatingPlan> plan = SeatingPlanJson::fromJson(parse(kExample));
        QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
        QCOMPARE(plan->name, QStringLiteral("Studio"));
        QCOMPARE(plan->sections.size(), 1);
        QCOMPARE(plan->sections[0].name, QStringLiteral("Stalls"));
        QCOMPARE(plan->sections[0].category, QStringLiteral("standard"));
        QCOMPARE(plan->sections[0].rank, 0);
        QCOMPARE(plan->seats.size(), 200);
        const QString rows = QStringLiteral("ABCDEFGHIJ");
        for (int r = 0; r < 10; ++r) {
            for (int n = 1; n <= 20; ++n) {
                const PlanSeat &seat = plan->seats[r * 20 + n - 1];
                const QString row = rows.mid(r, 1);
                QCOMPARE(seat.label, QStringLiteral("%1-%2").arg(row).arg(n));
                QCOMPARE(seat.row, row);
                QCOMPARE(seat.rowIndex, r);
                QCOMPARE(seat.section, 0);
                QCOMPARE(seat.number, n);
                QCOMPARE(seat.position, n);
                QCOMPARE(seat.x, n - 1 - 9.5); // centred: -9.5 .. 9.5
                QCOMPARE(seat.y, double(r));
                QVERIFY(!seat.accessible && !seat.restrictedView && !seat.aisle);
                QCOMPARE(seat.id, 0);
            }
        }
    }

    void rowLettersContinueLikeSpreadsheetColumns_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("firstRow");
        QTest::addColumn<int>("rowIndex");
        QTest::addColumn<QString>("expected");
        QTest::newRow("first row is A") << 30 << QString() << 0 << "A";
        QTest::newRow("26th is Z") << 30 << QString() << 25 << "Z";
        QTest::newRow("27th is AA") << 30 << QString() << 26 << "AA";
        QTest::newRow("28th is AB") << 30 << QString() << 27 << "AB";
        QTest::newRow("53rd is BA") << 60 << QString() << 52 << "BA";
        QTest::newRow("200th is GR") << 200 << QString() << 199 << "GR";
        QTest::newRow("from Y: Y") << 3 << "Y" << 0 << "Y";
        QTest::newRow("from Y: Z") << 3 << "Y" << 1 << "Z";
        QTest::newRow("from Y: AA") << 3 << "Y" << 2 << "AA";
        QTest::newRow("from AZ: BA") << 2 << "AZ" << 1 << "BA";
        QTest::newRow("from ZZ: AAA") << 2 << "ZZ" << 1 << "AAA";
        QTest::newRow("lower case first_row") << 2 << "k" << 1 << "L";
    }

    void rowLettersContinueLikeSpreadsheetColumns()
    {
        QFETCH(int, rows);
        QFETCH(QString, firstRow);
        QFETCH(int, rowIndex);
        QFETCH(QString, expected);
        const SeatingPlan result = read(plan({section("S", rows, 2, firstRow)}));
        QCOMPARE(result.seats.size(), rows * 2);
        const PlanSeat &seat = result.seats[rowIndex * 2 + 1];
        QCOMPARE(seat.rowIndex, rowIndex);
        QCOMPARE(seat.row, expected);
        QCOMPARE(seat.label, expected + QStringLiteral("-2"));
    }

    void marksAreAppliedToTheNamedSeats_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("accessible") << "accessible" << QStringList{"A-1", "A-2"};
        QTest::newRow("restricted_view") << "restricted_view" << QStringList{"C-1", "C-4"};
        QTest::newRow("aisle") << "aisle" << QStringList{"B-4", "A-4", "C-4"};
        QTest::newRow("listed twice") << "aisle" << QStringList{"B-2", "B-2"};
        QTest::newRow("none") << "accessible" << QStringList{};
    }

    void marksAreAppliedToTheNamedSeats()
    {
        QFETCH(QString, field);
        QFETCH(QStringList, labels);
        QJsonObject generated = section("S", 3, 4);
        generated.insert(field, QJsonArray::fromStringList(labels));
        const SeatingPlan result = read(plan({generated}));
        QCOMPARE(result.seats.size(), 12);
        for (const PlanSeat &seat : result.seats) {
            const bool marked = labels.contains(seat.label);
            QCOMPARE(seat.accessible, marked && field == "accessible");
            QCOMPARE(seat.restrictedView, marked && field == "restricted_view");
            QCOMPARE(seat.aisle, marked && field == "aisle");
        }
    }

    void unknownMarkLabelIsRefusedNamingIt_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonArray>("labels");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("named");
        QTest::newRow("row past the last")
            << "accessible" << QJsonArray{"A-1", "D-1"} << "invalid_field"
            << "sections[0].accessible[1]"
            << "D-1";
        QTest::newRow("seat past the end")
            << "restricted_view" << QJsonArray{"A-5"} << "invalid_field"
            << "sections[0].restricted_view[0]"
            << "A-5";
        QTest::newRow("labels are case-sensitive")
            << "aisle" << QJsonArray{"a-1"} << "invalid_field"
            << "sections[0].aisle[0]"
            << "a-1";
        QTest::newRow("not a string") << "aisle" << QJsonArray{1} << "invalid_field"
                                      << "sections[0].aisle[0]"
                                      << "sections[0].aisle[0]";
    }

    void unknownMarkLabelIsRefusedNamingIt()
    {
        QFETCH(QString, field);
        QFETCH(QJsonArray, labels);
        QFETCH(QString, code);
        QFETCH(QString, path);
        QFETCH(QString, named);
        QJsonObject generated = section("S", 3, 4);
        generated.insert(field, labels);
        const Result<SeatingPlan> result = SeatingPlanJson::fromJson(plan({generated}));
        QVERIFY2(!result.ok(), "an unknown seat label was accepted");
        QCOMPARE(errorCodeName(result.error().code), code);
        QCOMPARE(result.error().details.value("field").toString(), path);
        QVERIFY2(result.error().message.contains(named),
                 qPrintable(
                     QStringLiteral("expected \"%1\" in: %2").arg(named, result.error().message)));
    }

    void curvedChangesGeometryOnly_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("perRow");
        QTest::newRow("3 x 4") << 3 << 4;
        QTest::newRow("10 x 20") << 10 << 20;
        QTest::newRow("1 x 500") << 1 << 500;
    }

    void curvedChangesGeometryOnly()
    {
        QFETCH(int, rows);
        QFETCH(int, perRow);
        const SeatingPlan straight = read(plan({section("S", rows, perRow)}));
        QJsonObject curvedSection = section("S", rows, perRow);
        curvedSection.insert("curved", true);
        const SeatingPlan curved = read(plan({curvedSection}));
        QCOMPARE(curved.seats.size(), rows * perRow);
        QCOMPARE(straight.seats.size(), curved.seats.size());
        int moved = 0;
        for (qsizetype i = 0; i < curved.seats.size(); ++i) {
            const PlanSeat &a = straight.seats[i];
            const PlanSeat &b = curved.seats[i];
            QCOMPARE(b.label, a.label);
            QCOMPARE(b.row, a.row);
            QCOMPARE(b.rowIndex, a.rowIndex);
            QCOMPARE(b.number, a.number);
            QCOMPARE(b.position, a.position);
            if (a.x != b.x || a.y != b.y)
                ++moved;
        }
        QVERIFY2(moved > 0, "curved: true moved no seat");
        for (int r = 0; r < rows; ++r) {
            const PlanSeat &left = curved.seats[r * perRow];
            const PlanSeat &middle = curved.seats[r * perRow + perRow / 2];
            const PlanSeat &right = curved.seats[r * perRow + perRow - 1];
            // The ends of a row come forward, around the stage (smaller y than its
            // centre), and the row stays centred on x = 0.
            QVERIFY2(left.y < middle.y, qPrintable(describe(middle) + " / " + describe(left)));
            QCOMPARE(left.y, right.y);
            QCOMPARE(left.x, -right.x);
            // Seats keep their order from the left, about one seat width apart.
            for (int n = 1; n < perRow; ++n) {
                const PlanSeat &a = curved.seats[r * perRow + n - 1];
                const PlanSeat &b = curved.seats[r * perRow + n];
                const double gap = std::hypot(b.x - a.x, b.y - a.y);
                QVERIFY2(b.x > a.x && gap > 0.95 && gap <= 1.0,
                         qPrintable(describe(a) + " / " + describe(b)));
            }
        }
    }

    void explicitSeatsTakeDefaults()
    {
        const SeatingPlan result = read(parse(kExplicit));
        QCOMPARE(result.sections.size(), 1);
        QCOMPARE(result.sections[0].rank, 3);
        QCOMPARE(result.sections[0].category, QStringLiteral("premium"));
        QCOMPARE(result.seats.size(), 5);
        // Row A is sorted by position whatever the listed order.
        QStringList labels;
        for (const PlanSeat &seat : result.seats)
            labels << seat.label;
        QCOMPARE(labels, (QStringList{"A-1", "A-2", "A-3", "BB-7", "BB-8"}));
        const PlanSeat &a1 = result.seats[0];
        QCOMPARE(a1.x, 0.0);
        QVERIFY(a1.accessible && !a1.restrictedView && !a1.aisle);
        const PlanSeat &a2 = result.seats[1];
        QCOMPARE(a2.x, 1.5);
        QCOMPARE(a2.y, 0.25);
        QVERIFY(!a2.accessible && !a2.restrictedView && a2.aisle);
        // Positions of the section run 1..8, so x is position - 4.5; y is the row index.
        const PlanSeat &a3 = result.seats[2];
        QCOMPARE(a3.position, 5);
        QCOMPARE(a3.number, 3);
        QCOMPARE(a3.x, 0.5);
        QCOMPARE(a3.y, 0.0);
        QVERIFY(a3.restrictedView);
        const PlanSeat &bb8 = result.seats[4];
        QCOMPARE(bb8.row, QStringLiteral("BB"));
        QCOMPARE(bb8.rowIndex, 1);
        QCOMPARE(bb8.position, 8);
        QCOMPARE(bb8.x, 3.5);
        QCOMPARE(bb8.y, 1.0);
    }

    void mixedPlanLaysSectionsOutOneBehindTheOther()
    {
        const SeatingPlan result = read(parse(kMixed));
        QCOMPARE(result.sections.size(), 2);
        QCOMPARE(result.sections[0].rank, 0);
        QCOMPARE(result.sections[1].rank, 1); // default: its index
        QCOMPARE(result.seats.size(), 15);
        QVERIFY(seatLabelled(result, "A-1")->accessible);
        QVERIFY(seatLabelled(result, "B-4")->aisle);
        double stallsBack = -1;
        for (const PlanSeat &seat : result.seats) {
            if (seat.section == 0)
                stallsBack = std::max(stallsBack, seat.y);
        }
        const PlanSeat *x1 = seatLabelled(result, "X-1");
        QVERIFY(x1);
        QCOMPARE(x1->section, 1);
        QCOMPARE(x1->rowIndex, 0);
        QCOMPARE(x1->y, stallsBack + 2);
        QCOMPARE(x1->x, -1.0);
        QCOMPARE(seatLabelled(result, "X-3")->x, 1.0);
    }

    void generatedSectionsStackTwoRowsApart()
    {
        // The second section's front row is 2 rows behind the first's last row; both are
        // centred on x = 0.
        const SeatingPlan result =
            read(plan({section("Stalls", 10, 20), section("Circle", 2, 5, "K")}));
        QCOMPARE(result.seats.size(), 210);
        const PlanSeat *k1 = seatLabelled(result, "K-1");
        QVERIFY(k1);
        QCOMPARE(k1->section, 1);
        QCOMPARE(k1->rowIndex, 0);
        QCOMPARE(k1->y, 11.0);
        QCOMPARE(k1->x, -2.0);
    }

    void encodedPlanReadsBackUnchanged_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("generated example") << kExample;
        QTest::newRow("explicit") << kExplicit;
        QTest::newRow("mixed, curved") << kMixed;
        QTest::newRow("marks and first_row") << QByteArray(R"({"name": "N", "sections": [
            {"name": "S", "category": "c", "rank": 1000, "rows": 4, "seats_per_row": 7,
             "first_row": "Y", "curved": true, "accessible": ["Y-1"],
             "restricted_view": ["AB-7"], "aisle": ["Z-4", "AA-4"]}]})");
    }

    void encodedPlanReadsBackUnchanged()
    {
        QFETCH(QByteArray, json);
        SeatingPlan original = read(parse(json));
        QVERIFY(!original.seats.isEmpty());
        // Ids as a stored plan has them; the copy must come back without them.
        original.id = 41;
        for (qsizetype i = 0; i < original.seats.size(); ++i)
            original.seats[i].id = 1000 + i;
        const QJsonObject encoded = SeatingPlanJson::toJson(original);
        QCOMPARE(encoded.value("id").toInteger(), 41);
        QCOMPARE(encoded.value("seat_count").toInteger(), original.seats.size());
        // Through the bytes a client would send, so doubles must survive text.
        const QByteArray bytes = QJsonDocument(encoded).toJson(QJsonDocument::Compact);
        const Result<SeatingPlan> copy = SeatingPlanJson::fromJson(parse(bytes));
        QVERIFY2(copy.ok(), qPrintable(copy.ok() ? QString() : copy.error().message));
        QCOMPARE(copy->id, 0);
        for (const PlanSeat &seat : copy->seats)
            QCOMPARE(seat.id, 0);
        const QString diff = difference(original, copy.value());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void tinyPlanEncodesAsExplicitFormat()
    {
        SeatingPlan tiny = read(parse(R"({"name": "Tiny", "sections": [
            {"name": "Stalls", "category": "standard", "rows": 2, "seats_per_row": 2,
             "aisle": ["A-2", "B-2"]}]})"));
        tiny.id = 7;
        for (qsizetype i = 0; i < tiny.seats.size(); ++i)
            tiny.seats[i].id = 101 + i;
        // Listed out of order: toJson groups and sorts them.
        std::reverse(tiny.seats.begin(), tiny.seats.end());
        const QJsonObject expected = parse(R"({"id": 7, "name": "Tiny", "seat_count": 4,
            "sections": [{"name": "Stalls", "category": "standard", "rank": 0, "rows": [
              {"label": "A", "seats": [
                {"id": 101, "label": "A-1", "number": 1, "position": 1, "x": -0.5, "y": 0,
                 "accessible": false, "restricted_view": false, "aisle": false},
                {"id": 102, "label": "A-2", "number": 2, "position": 2, "x": 0.5, "y": 0,
                 "accessible": false, "restricted_view": false, "aisle": true}]},
              {"label": "B", "seats": [
                {"id": 103, "label": "B-1", "number": 1, "position": 1, "x": -0.5, "y": 1,
                 "accessible": false, "restricted_view": false, "aisle": false},
                {"id": 104, "label": "B-2", "number": 2, "position": 2, "x": 0.5, "y": 1,
                 "accessible": false, "restricted_view": false, "aisle": true}]}]}]})");
        const QJsonObject encoded = SeatingPlanJson::toJson(tiny);
        QVERIFY2(encoded == expected, QJsonDocument(encoded).toJson().constData());
    }

    void withinLimitsIsAccepted_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("seats");
        QTest::newRow("200 rows") << plan({section("S", 200, 1)}) << 200;
        QTest::newRow("500 seats a row") << plan({section("S", 1, 500)}) << 500;
        QTest::newRow("20000 seats exactly")
            << plan({section("S", 200, 50), section("T", 200, 50, "ZA")}) << 20000;
        QJsonArray fifty;
        for (int i = 0; i < SeatingPlanJson::kMaxSections; ++i)
            fifty.append(section(QStringLiteral("S%1").arg(i), 1, 1,
                                 QChar(u'A' + i % 26) + QString(i / 26, u'B')));
        QTest::newRow("50 sections") << plan(fifty) << 50;
        QTest::newRow("name of 100 characters")
            << plan({section("S", 1, 1)}, QString(100, u'n')) << 1;
        QTest::newRow("name trimmed") << plan({section("S", 1, 1)}, "  Studio  ") << 1;
        QJsonObject nulls = section("S", 2, 2);
        nulls.insert("rank", QJsonValue::Null);
        nulls.insert("curved", QJsonValue::Null);
        QTest::newRow("null optional fields are absent") << plan({nulls}) << 4;
        QJsonObject withIds = plan({section("S", 1, 3)});
        withIds.insert("id", 12);
        withIds.insert("seat_count", 999);
        QTest::newRow("plan id and seat_count ignored") << withIds << 3;
        QTest::newRow("seat id ignored")
            << parse(R"({"name": "P", "sections": [{"name": "S", "category": "c", "rows": [
                 {"label": "A", "seats": [{"id": 5, "number": 1}]}]}]})")
            << 1;
        QTest::newRow("same row label in two sections, different seat labels")
            << parse(R"({"name": "P", "sections": [
                 {"name": "L", "category": "c", "rows": [
                   {"label": "A", "seats": [{"number": 1, "label": "L-A-1"}]}]},
                 {"name": "R", "category": "c", "rows": [
                   {"label": "A", "seats": [{"number": 1, "label": "R-A-1"}]}]}]})")
            << 2;
    }

    void withinLimitsIsAccepted()
    {
        QFETCH(QJsonObject, body);
        QFETCH(int, seats);
        const Result<SeatingPlan> result = SeatingPlanJson::fromJson(body);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result->seats.size(), seats);
        QCOMPARE(result->name, body.value("name").toString().trimmed());
    }

    void refusedNamingTheField_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("named"); // must appear in the message; the field if empty

        const auto add = [](const char *name, const QJsonObject &body, const char *code,
                            const char *field, const char *named = "") {
            QTest::newRow(name) << body << QString::fromLatin1(code) << QString::fromLatin1(field)
                                << QString::fromLatin1(named);
        };
        const auto json = [](const char *text) { return parse(QByteArray(text)); };

        // Limits
        add("0 sections", plan({}), "out_of_range", "sections");
        QJsonArray fiftyOne;
        for (int i = 0; i <= SeatingPlanJson::kMaxSections; ++i)
            fiftyOne.append(section(QStringLiteral("S%1").arg(i), 1, 1));
        add("51 sections", plan(fiftyOne), "out_of_range", "sections");
        add("rows 0", plan({section("S", 0, 10)}), "out_of_range", "sections[0].rows");
        add("rows 201", plan({section("S", 201, 10)}), "out_of_range", "sections[0].rows");
        add("rows -1", plan({section("S", -1, 10)}), "out_of_range", "sections[0].rows");
        add("seats_per_row 0", plan({section("S", 1, 0)}), "out_of_range",
            "sections[0].seats_per_row");
        add("seats_per_row 501", plan({section("S", 2, 2), section("T", 1, 501, "B")}),
            "out_of_range", "sections[1].seats_per_row");
        add("over 20000 seats", plan({section("S", 200, 60), section("T", 200, 60, "ZA")}),
            "out_of_range", "sections", "20000");
        add("over 20000 seats by one", plan({section("S", 200, 100), section("T", 1, 1, "ZA")}),
            "out_of_range", "sections", "20001");
        add("name empty", plan({section("S", 1, 1)}, ""), "out_of_range", "name");
        add("name only spaces", plan({section("S", 1, 1)}, "   "), "out_of_range", "name");
        add("name 101 characters", plan({section("S", 1, 1)}, QString(101, u'n')), "out_of_range",
            "name");
        add("name missing", QJsonObject{{"sections", QJsonArray{section("S", 1, 1)}}},
            "missing_field", "name");
        add("name with a newline", plan({section("S", 1, 1)}, "Stu\ndio"), "invalid_field", "name");
        add("sections missing", QJsonObject{{"name", "P"}}, "missing_field", "sections");
        QJsonObject noName = section("S", 1, 1);
        noName.remove("name");
        add("section name missing", plan({noName}), "missing_field", "sections[0].name");
        add("section name 101 characters", plan({section(QString(101, u's'), 1, 1)}),
            "out_of_range", "sections[0].name");
        QJsonObject longCategory = section("S", 1, 1);
        longCategory.insert("category", QString(41, u'c'));
        add("category 41 characters", plan({longCategory}), "out_of_range", "sections[0].category");
        QJsonObject emptyCategory = section("S", 1, 1);
        emptyCategory.insert("category", "");
        add("category empty", plan({emptyCategory}), "out_of_range", "sections[0].category");
        QJsonObject noCategory = section("S", 1, 1);
        noCategory.remove("category");
        add("category missing", plan({noCategory}), "missing_field", "sections[0].category");
        QJsonObject badRank = section("S", 1, 1);
        badRank.insert("rank", 1001);
        add("rank 1001", plan({badRank}), "out_of_range", "sections[0].rank");
        badRank.insert("rank", -1);
        add("rank -1", plan({badRank}), "out_of_range", "sections[0].rank");
        QJsonObject noPerRow = section("S", 1, 1);
        noPerRow.remove("seats_per_row");
        add("seats_per_row missing", plan({noPerRow}), "missing_field",
            "sections[0].seats_per_row");
        QJsonObject noRows = section("S", 1, 1);
        noRows.remove("rows");
        add("rows missing", plan({noRows}), "missing_field", "sections[0].rows");
        add("first_row with a digit", plan({section("S", 1, 1, "A1")}), "invalid_field",
            "sections[0].first_row");
        add("first_row of 4 letters", plan({section("S", 1, 1, "ABCD")}), "out_of_range",
            "sections[0].first_row");
        add("explicit rows empty",
            json(R"({"name": "P", "sections": [{"name": "S", "category": "c", "rows": []}]})"),
            "out_of_range", "sections[0].rows");
        add("explicit row without seats", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [{"label": "A", "seats": []}]}]})"),
            "out_of_range", "sections[0].rows[0].seats");
        QJsonArray wideRow;
        for (int n = 1; n <= 501; ++n)
            wideRow.append(QJsonObject{{"number", n}});
        add("explicit row of 501 seats",
            plan({QJsonObject{
                {"name", "S"},
                {"category", "c"},
                {"rows", QJsonArray{QJsonObject{{"label", "A"}, {"seats", wideRow}}}}}}),
            "out_of_range", "sections[0].rows[0].seats");
        add("seat number 0", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [{"label": "A", "seats": [{"number": 0}]}]}]})"),
            "out_of_range", "sections[0].rows[0].seats[0].number");
        add("seat number 10000", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 10000}]}]}]})"),
            "out_of_range", "sections[0].rows[0].seats[0].number");
        add("seat number missing", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1}, {"label": "A-2"}]}]}]})"),
            "missing_field", "sections[0].rows[0].seats[1].number");
        add("row label 11 characters", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "ABCDEFGHIJK", "seats": [{"number": 1}]}]}]})"),
            "out_of_range", "sections[0].rows[0].label");
        add("row label missing", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [{"seats": [{"number": 1}]}]}]})"),
            "missing_field", "sections[0].rows[0].label");
        add("seat label 21 characters", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1, "label": "ABCDEFGHIJKLMNOPQRSTU"}]}]}]})"),
            "out_of_range", "sections[0].rows[0].seats[0].label");
        add("x out of range", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1, "x": 1e9}]}]}]})"),
            "out_of_range", "sections[0].rows[0].seats[0].x");

        // Strictness: unknown fields at every level
        add("unknown plan field", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 1, "seats_per_row": 1}], "venue": "x"})"),
            "invalid_field", "venue");
        add("typo seat_per_row", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 1, "seat_per_row": 1}]})"),
            "invalid_field", "sections[0].seat_per_row");
        add("unknown section field", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 1, "seats_per_row": 1, "colour": "red"}]})"),
            "invalid_field", "sections[0].colour");
        add("generator field in an explicit section", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "seats_per_row": 4, "rows": [
                {"label": "A", "seats": [{"number": 1}]}]}]})"),
            "invalid_field", "sections[0].seats_per_row", "generated section");
        add("section id is not ignored", json(R"({"name": "P", "sections": [
              {"id": 3, "name": "S", "category": "c", "rows": 1, "seats_per_row": 1}]})"),
            "invalid_field", "sections[0].id");
        add("unknown row field", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "index": 0, "seats": [{"number": 1}]}]}]})"),
            "invalid_field", "sections[0].rows[0].index");
        add("unknown seat field", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1}, {"number": 2, "wheelchair": true}]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[1].wheelchair");
        add("seat field of the wrong case", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1, "restrictedView": true}]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[0].restrictedView");

        // Strictness: wrong types
        add("rows as a string", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": "10", "seats_per_row": 1}]})"),
            "invalid_field", "sections[0].rows");
        add("rows 1.5", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 1.5, "seats_per_row": 1}]})"),
            "invalid_field", "sections[0].rows");
        add("rows an object", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": {}}]})"),
            "invalid_field", "sections[0].rows");
        add("seats_per_row 1.5", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 2, "seats_per_row": 1.5}]})"),
            "invalid_field", "sections[0].seats_per_row");
        add("seats_per_row a string", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 2, "seats_per_row": "20"}]})"),
            "invalid_field", "sections[0].seats_per_row");
        add("curved yes", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 2, "seats_per_row": 2, "curved": "yes"}]})"),
            "invalid_field", "sections[0].curved");
        add("curved 1", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 2, "seats_per_row": 2, "curved": 1}]})"),
            "invalid_field", "sections[0].curved");
        add("accessible a string", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 2, "seats_per_row": 2,
               "accessible": "A-1"}]})"),
            "invalid_field", "sections[0].accessible");
        add("name a number", json(R"({"name": 5, "sections": [
              {"name": "S", "category": "c", "rows": 1, "seats_per_row": 1}]})"),
            "invalid_field", "name");
        add("sections an object", json(R"({"name": "P", "sections": {}})"), "invalid_field",
            "sections");
        add("section a string", json(R"({"name": "P", "sections": ["Stalls"]})"), "invalid_field",
            "sections[0]");
        add("row a number", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [3]}]})"),
            "invalid_field", "sections[0].rows[0]");
        add("seat a number", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [{"label": "A", "seats": [1]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[0]");
        add("position a string", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1, "position": "1"}]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[0].position");
        add("x a string", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1, "x": "0"}]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[0].x");
        add("aisle a string", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1, "aisle": "true"}]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[0].aisle");

        // Uniqueness
        add("duplicate labels across generated sections",
            plan({section("Stalls", 2, 2), section("Circle", 1, 3, "B")}), "invalid_field",
            "sections[1]", "B-1");
        add("duplicate label, explicit after generated", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": 2, "seats_per_row": 2},
              {"name": "T", "category": "c", "rows": [
                {"label": "Z", "seats": [{"number": 1}, {"number": 2, "label": "B-2"}]}]}]})"),
            "invalid_field", "sections[1].rows[0].seats[1].label", "B-2");
        add("duplicate default label in explicit sections", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [{"label": "A", "seats": [{"number": 1}]}]},
              {"name": "T", "category": "c", "rows": [{"label": "A", "seats": [{"number": 1}]}]}]})"),
            "invalid_field", "sections[1].rows[0].seats[0]", "A-1");
        add("duplicate position in a row", json(R"({"name": "P", "sections": [
              {"name": "S", "category": "c", "rows": [
                {"label": "A", "seats": [{"number": 1}, {"number": 2},
                                         {"number": 3, "position": 1}]}]}]})"),
            "invalid_field", "sections[0].rows[0].seats[2].position",
            "sections[0].rows[0].seats[0]");
        add("duplicate section names",
            plan({section("Stalls", 1, 1), section("Stalls", 1, 1, "B")}), "invalid_field",
            "sections[1].name", "Stalls");
        add("duplicate section names after trimming",
            plan({section("Stalls", 1, 1), section(" Stalls ", 1, 1, "B")}), "invalid_field",
            "sections[1].name", "sections[0]");
    }

    void refusedNamingTheField()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QFETCH(QString, named);
        const Result<SeatingPlan> result = SeatingPlanJson::fromJson(body);
        QVERIFY2(!result.ok(),
                 qPrintable(QStringLiteral("accepted, expected %1 on %2").arg(code, field)));
        const DomainError &error = result.error();
        QVERIFY2(errorCodeName(error.code) == code,
                 qPrintable(QStringLiteral("expected %1, got %2: %3")
                                .arg(code, errorCodeName(error.code), error.message)));
        QCOMPARE(error.details.value("field").toString(), field);
        const QString mustName = named.isEmpty() ? field : named;
        QVERIFY2(error.message.contains(mustName),
                 qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(mustName, error.message)));
        QVERIFY2(error.message.endsWith(u'.'), qPrintable(error.message));
    }
};

QTEST_APPLESS_MAIN(TestSeatingPlanJson)
#include "tst_seatingplanjson.moc"
