// Money under load (issue 18): 64 connections selling, cancelling parts of
// the same bookings, cancelling them whole and selling again, all at once, on
// four clerks' shifts. Afterwards the seat and money invariants hold in SQL
// (payments - refunds = live lines for every booking), no request got a 5xx,
// and the shift reports add up to the ledger.
#include "apitestbench.h"
#include "loadgenerator.h"
#include "staffcredentials.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

class TestSalesStorm : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    QList<QByteArray> m_clerks;
    QList<qint64> m_shifts;

    static QByteArray json(const QJsonObject &object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }

    QByteArray request(int clerk, const QString &path, const QJsonObject &body) const
    {
        return LoadGenerator::rawRequest(
            "POST", path, json(body),
            {{"Authorization", StaffCredentials::bearer(m_clerks[clerk % m_clerks.size()])}});
    }

    static QJsonObject saleBody(int index)
    {
        QJsonArray tickets{QJsonObject{{"category", "adult"}, {"count", 1 + index % 2}}};
        if (index % 3 != 0)
            tickets.append(QJsonObject{{"category", "child"}, {"count", 1}});
        const QJsonObject payment = index % 2 == 0
                                        ? QJsonObject{{"method", "cash"}, {"tendered", 5000}}
                                        : QJsonObject{{"method", "card"}};
        return {{"tickets", tickets}, {"payment", payment}};
    }

    static int countWithStatusAtLeast(const LoadGenerator::Outcome &outcome, int status)
    {
        int count = 0;
        for (auto it = outcome.statusCounts.cbegin(); it != outcome.statusCounts.cend(); ++it)
            if (it.key() >= status || it.key() == 0)
                count += it.value();
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
        StaffCredentials staff(m_bench.http());
        for (int i = 0; i < 4; ++i) {
            const auto session = staff.session(QStringLiteral("storm-%1").arg(i),
                                               QStringLiteral("clerk"));
            QVERIFY2(!session.token.isEmpty(), qPrintable(staff.errorString()));
            m_clerks << session.token;
            const auto shift = m_bench.http().post(
                QStringLiteral("/shifts"), {{"opening_float", 20000}}, false,
                {{"Authorization", StaffCredentials::bearer(session.token)}});
            QVERIFY2(shift.status == 201, qPrintable(shift.describe()));
            m_shifts << shift.object().value("id").toInteger();
        }
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void salesCancellationsAndRefundsKeepTheMoneyRight()
    {
        const auto created = m_bench.http().post(
            QStringLiteral("/admin/shows"),
            {{"name", "Storm"},
             {"start_time", "2030-07-01T19:30:00Z"},
             {"total_seats", 300},
             {"categories",
              QJsonArray{QJsonObject{{"code", "adult"}, {"name", "Adult"}, {"price", 1250}},
                         QJsonObject{{"code", "child"}, {"name", "Child"}, {"price", 800}}}}},
            true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const qint64 show = created.object().value("id").toInteger();
        const QString sell = QStringLiteral("/shows/%1/sell").arg(show);

        // First wave: sales only, to have bookings to cancel parts of.
        const auto first = LoadGenerator::run(m_bench.server().baseUrl(), 32, 120, [&](int i) {
            return request(i, sell, saleBody(i));
        });
        QVERIFY2(first.answered() == 120,
                 qPrintable(QStringLiteral("%1 answered, %2 transport errors, first %3")
                                .arg(first.answered())
                                .arg(first.transportErrors)
                                .arg(QString::fromUtf8(first.bodies.value(0)))));
        QCOMPARE(countWithStatusAtLeast(first, 500), 0);
        QList<qint64> sold;
        for (const QByteArray &body : first.bodies) {
            const QJsonObject booking = QJsonDocument::fromJson(body).object();
            if (booking.value("status") == QJsonValue("CONFIRMED"))
                sold << booking.value("id").toInteger();
        }
        QVERIFY2(sold.size() >= 100, qPrintable(QString::number(sold.size())));

        // Second wave, together: more sales, and several requests at once on
        // each sold booking (a child back, an adult back, all back), each
        // clerk into their own shift.
        QRandomGenerator random(18);
        QList<QByteArray> cancels;
        for (int i = 0; i < 360; ++i) {
            const qint64 booking = sold[random.bounded(int(sold.size()))];
            const QString path = QStringLiteral("/bookings/%1/cancel").arg(booking);
            const int kind = random.bounded(3);
            const QJsonObject body =
                kind == 0   ? QJsonObject{{"tickets", QJsonArray{QJsonObject{{"category", "child"},
                                                                             {"count", 1}}}}}
                : kind == 1 ? QJsonObject{{"tickets", QJsonArray{QJsonObject{{"category", "adult"},
                                                                             {"count", 1}}}},
                                          {"refund", QJsonObject{{"method", "card"}}}}
                            : QJsonObject{};
            cancels << request(i, path, body);
        }
        const QList<LoadGenerator::Outcome> outcomes = LoadGenerator::runTogether(
            {{m_bench.server().baseUrl(), 32, int(cancels.size()),
              [&](int i) { return cancels[i]; }},
             {m_bench.server().baseUrl(), 32, 160, [&](int i) { return request(i, sell, saleBody(i)); }}});
        for (const LoadGenerator::Outcome &outcome : outcomes) {
            QCOMPARE(countWithStatusAtLeast(outcome, 500), 0);
            QCOMPARE(outcome.transportErrors, 0);
        }
        QCOMPARE(outcomes[0].answered(), int(cancels.size()));
        // Some partial cancellations and refunds really happened.
        QVERIFY(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM payments p JOIN bookings b"
                                                " ON b.id = p.booking_id WHERE b.show_id = %1"
                                                " AND p.kind = 'refund'")
                                     .arg(show)) > 50);
        QVERIFY(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1"
                                                " AND status = 'CONFIRMED' AND seats < ("
                                                "SELECT sum(count) FROM booking_lines l"
                                                " WHERE l.booking_id = bookings.id)")
                                     .arg(show)) > 0);

        qInfo("storm: %d sales first, then %d cancel requests beside %d sales; %lld refunds,"
              " %lld bookings partly cancelled, %lld cancelled whole",
              first.answered(), outcomes[0].answered(), outcomes[1].answered(),
              m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM payments WHERE kind = 'refund'")),
              m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings WHERE status ="
                                              " 'CONFIRMED' AND seats < (SELECT sum(count) FROM"
                                              " booking_lines l WHERE l.booking_id = bookings.id)")),
              m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings WHERE status ="
                                              " 'CANCELLED'")));
        // Every seat and every cent accounted for (the harness's invariants).
        const QStringList violations = m_bench.violations();
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join('\n')));
        // The shifts' reports add up to the ledger of this show.
        qint64 reported = 0;
        for (int i = 0; i < m_clerks.size(); ++i) {
            const auto report = m_bench.http().send(
                "GET", QStringLiteral("/shifts/%1/report").arg(m_shifts[i]), {},
                {{"Authorization", StaffCredentials::bearer(m_clerks[i])}});
            QVERIFY2(report.status == 200, qPrintable(report.describe()));
            for (const QJsonValue &row : report.object().value("takings").toArray())
                reported += row.toObject().value("net").toInteger();
        }
        const qint64 ledger = m_bench.sqlValue(QStringLiteral(
            "SELECT sum(CASE WHEN kind = 'payment' THEN amount ELSE -amount END) FROM payments"));
        const qint64 live = m_bench.sqlValue(QStringLiteral(
            "SELECT sum((l.count - l.cancelled) * l.unit_price) FROM booking_lines l"
            " JOIN bookings b ON b.id = l.booking_id WHERE b.status = 'CONFIRMED'"));
        QCOMPARE(reported, ledger);
        QCOMPARE(ledger, live);
    }
};

QTEST_GUILESS_MAIN(TestSalesStorm)
#include "tst_salesstorm.moc"
