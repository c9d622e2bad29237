// GET /admin/shows/:id/bookings: the paged list of a show's bookings with its
// total count, filtered by status, behind the bearer token.
#include "apitestbench.h"

#include <QtTest>

class TestAdminShowBookings : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    qint64 unknownShowId()
    {
        return m_bench.sqlValue(QStringLiteral("SELECT coalesce(max(id), 0) + 1000 FROM shows"));
    }

    static QList<qint64> ids(const QJsonArray &bookings)
    {
        QList<qint64> result;
        for (const QJsonValue &value : bookings)
            result << value.toObject().value("id").toInteger();
        return result;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void bookingListPagesWithTotalCount()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Paged"), 20);
        QVERIFY(id > 0);
        QList<qint64> booked;
        for (int i = 0; i < 5; ++i)
            booked << m_bench.bookOk(id, QStringLiteral("Guest %1").arg(i), 1);
        QVERIFY(!booked.contains(0));
        const QString path = QStringLiteral("/admin/shows/%1/bookings").arg(id);

        auto reply = m_bench.http().get(path, true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));
        QCOMPARE(ids(reply.array()), booked); // oldest first
        const QJsonObject first = reply.array().at(0).toObject();
        QCOMPARE(first.value("show_id").toInteger(), id);
        QCOMPARE(first.value("user_name").toString(), QStringLiteral("Guest 0"));

        reply = m_bench.http().get(path + QStringLiteral("?limit=2"), true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));
        QCOMPARE(ids(reply.array()), booked.mid(0, 2));

        reply = m_bench.http().get(path + QStringLiteral("?limit=2&offset=2"), true);
        QCOMPARE(ids(reply.array()), booked.mid(2, 2));
        reply = m_bench.http().get(path + QStringLiteral("?limit=2&offset=4"), true);
        QCOMPARE(ids(reply.array()), booked.mid(4, 1));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));

        reply = m_bench.http().get(path + QStringLiteral("?offset=10"), true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QVERIFY2(reply.array().isEmpty(), qPrintable(reply.describe()));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));
    }

    void bookingListFiltersByStatus()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Filtered"), 20);
        QVERIFY(id > 0);
        const qint64 pending = m_bench.bookOk(id, QStringLiteral("Ann"), 1);
        const qint64 confirmed = m_bench.bookOk(id, QStringLiteral("Bob"), 1);
        const qint64 cancelled = m_bench.bookOk(id, QStringLiteral("Cid"), 1);
        QVERIFY(pending > 0 && confirmed > 0 && cancelled > 0);
        QVERIFY(
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(confirmed), {}).status ==
            200);
        QVERIFY(
            m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(cancelled), {}).status ==
            200);
        const QString path = QStringLiteral("/admin/shows/%1/bookings?status=").arg(id);

        const QList<std::tuple<QString, QList<qint64>>> cases = {
            {QStringLiteral("PENDING"), {pending}},
            {QStringLiteral("CONFIRMED"), {confirmed}},
            {QStringLiteral("CANCELLED"), {cancelled}},
            {QStringLiteral("EXPIRED"), {}},
            {QStringLiteral("PENDING,CONFIRMED"), {pending, confirmed}},
            {QStringLiteral("CONFIRMED,CANCELLED,PENDING"), {pending, confirmed, cancelled}},
            {QString(), {pending, confirmed, cancelled}},
        };
        for (const auto &[filter, expected] : cases) {
            const auto reply = m_bench.http().get(path + filter, true);
            QVERIFY2(reply.status == 200,
                     qPrintable(QStringLiteral("status=%1: %2").arg(filter, reply.describe())));
            QVERIFY2(ids(reply.array()) == expected,
                     qPrintable(QStringLiteral("status=%1: %2").arg(filter, reply.describe())));
            QCOMPARE(reply.header("X-Total-Count"), QByteArray::number(expected.size()));
            for (const QJsonValue &value : reply.array()) {
                const QString status = value.toObject().value("status").toString();
                QVERIFY2(filter.isEmpty() || filter.split(',').contains(status),
                         qPrintable(status));
            }
        }
    }

    void bookingListOfUnknownShowIsNotFound()
    {
        const auto reply = m_bench.http().get(
            QStringLiteral("/admin/shows/%1/bookings").arg(unknownShowId()), true);
        QVERIFY2(reply.status == 404, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("show_not_found"));
    }

    void bookingListRejectsBadStatusOrPaging_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown status") << "status=HELD"
                                        << "invalid_field";
        QTest::newRow("one bad status in a list") << "status=PENDING,SOLD"
                                                  << "invalid_field";
        QTest::newRow("limit 0") << "limit=0"
                                 << "out_of_range";
        QTest::newRow("limit 501") << "limit=501"
                                   << "out_of_range";
        QTest::newRow("limit negative") << "limit=-5"
                                        << "out_of_range";
        QTest::newRow("limit not a number") << "limit=ten"
                                            << "invalid_field";
        QTest::newRow("offset negative") << "offset=-1"
                                         << "out_of_range";
        QTest::newRow("offset not a number") << "offset=x"
                                             << "invalid_field";
    }

    void bookingListRejectsBadStatusOrPaging()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        const qint64 id = m_bench.createShow(QStringLiteral("Bad paging"), 5);
        QVERIFY(id > 0);
        const auto reply = m_bench.http().get(
            QStringLiteral("/admin/shows/%1/bookings?%2").arg(id).arg(query), true);
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), code);
    }
};

QTEST_GUILESS_MAIN(TestAdminShowBookings)
#include "tst_adminshowbookings.moc"
