// The flags the server itself obeys (issue 12), changed at runtime on one
// running server: hold length, seats per booking, the global and per-show
// pause. /config shows the effective values; deleting a flag returns to the
// command-line option.
#include "apitestbench.h"
#include "flagapi.h"

#include <QDateTime>
#include <QtTest>

#include <memory>

namespace {
constexpr int kOptionHoldSeconds = 120;
constexpr int kOptionMaxSeats = 10;

qint64 holdMs(const QJsonObject &booking)
{
    const QDateTime created =
        QDateTime::fromString(booking.value("created_at").toString(), Qt::ISODateWithMs);
    const QDateTime expires =
        QDateTime::fromString(booking.value("expires_at").toString(), Qt::ISODateWithMs);
    return created.isValid() && expires.isValid() ? created.msecsTo(expires) : -1;
}
} // namespace

class TestFlagBuiltins : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<FlagApi> m_flags;

    QJsonValue configValue(const char *name)
    {
        return m_flags->config().object().value(QLatin1String(name));
    }

    // A booking that must be a 201; its body, or an empty object with a warning.
    QJsonObject hold(qint64 show, int seats = 1)
    {
        const auto reply = m_bench.book(show, QStringLiteral("Builtin"), seats);
        if (reply.status != 201)
            qWarning().noquote() << "expected 201, seen" << reply.describe();
        return reply.status == 201 ? reply.object() : QJsonObject();
    }

    static QString paused(const TestHttpClient::Reply &reply, const QString &scope, qint64 show)
    {
        const QJsonObject body = reply.object();
        const QString message = scope == QLatin1String("all")
                                    ? QStringLiteral("Sales are paused: no new holds can be made.")
                                    : QStringLiteral("Sales for this show are paused.");
        QJsonObject expected{{"code", "sales_paused"}, {"error", message}, {"scope", scope}};
        if (show > 0)
            expected.insert("show_id", show);
        if (reply.status == 503 && body == expected && reply.header("Retry-After").isEmpty())
            return {};
        return QStringLiteral("expected 503 %1 without Retry-After, seen %2 (Retry-After '%3')")
            .arg(QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)),
                 reply.describe(), QString::fromLatin1(reply.header("Retry-After")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start(
                     {QStringLiteral("--hold-seconds"), QString::number(kOptionHoldSeconds),
                      QStringLiteral("--max-seats-per-booking"), QString::number(kOptionMaxSeats)}),
                 qPrintable(m_bench.errorString()));
        m_flags = std::make_unique<FlagApi>(m_bench.http());
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void configStartsFromTheOptions()
    {
        const QJsonObject config = m_flags->config().object();
        QCOMPARE(config.value("hold_seconds").toInt(), kOptionHoldSeconds);
        QCOMPARE(config.value("max_seats_per_booking").toInt(), kOptionMaxSeats);
        QCOMPARE(config.value("sales_paused"), QJsonValue(false));
        QCOMPARE(config.value("paused_show_ids"), QJsonValue(QJsonArray()));
    }

    void holdSecondsSetsTheLengthOfNewHoldsOnly()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Hold length"), 100);
        QVERIFY(show > 0);
        const QJsonObject before = hold(show);
        QCOMPARE(holdMs(before), qint64(kOptionHoldSeconds) * 1000);

        QVERIFY(m_flags->set(QStringLiteral("booking.hold_seconds"), "30"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("hold_seconds").toInt(), 30, 1000);
        const qint64 length = holdMs(hold(show));
        QVERIFY2(
            length >= 29000 && length <= 31000,
            qPrintable(QStringLiteral("expected a 30 s hold (± 1 s), seen %1 ms").arg(length)));
        // The earlier hold keeps the length it was given.
        const auto earlier =
            m_bench.http().get(QStringLiteral("/bookings/%1").arg(before.value("id").toInteger()));
        QCOMPARE(earlier.object().value("expires_at"), before.value("expires_at"));
        QCOMPARE(holdMs(earlier.object()), qint64(kOptionHoldSeconds) * 1000);

        QVERIFY(m_flags->unset(QStringLiteral("booking.hold_seconds")));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("hold_seconds").toInt(), kOptionHoldSeconds, 1000);
        QCOMPARE(holdMs(hold(show)), qint64(kOptionHoldSeconds) * 1000);
    }

    void maxSeatsLimitsEachBooking()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Seat limit"), 100);
        QVERIFY(show > 0);
        QVERIFY(m_flags->set(QStringLiteral("booking.max_seats"), "3"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("max_seats_per_booking").toInt(), 3, 1000);
        const auto over = m_bench.book(show, QStringLiteral("Over"), 4);
        QVERIFY2(over.status == 400 && over.object().value("code").toString() == "out_of_range",
                 qPrintable("4 seats at a limit of 3: expected 400 out_of_range, seen " +
                            over.describe()));
        QVERIFY(!hold(show, 3).isEmpty());

        // Above the command-line option too: the flag wins over it.
        QVERIFY(m_flags->set(QStringLiteral("booking.max_seats"), "15"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("max_seats_per_booking").toInt(), 15, 1000);
        QVERIFY(!hold(show, 15).isEmpty());
        QCOMPARE(m_bench.book(show, QStringLiteral("Over"), 16).status, 400);

        QVERIFY(m_flags->unset(QStringLiteral("booking.max_seats")));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("max_seats_per_booking").toInt(), kOptionMaxSeats,
                                  1000);
        QVERIFY(!hold(show, kOptionMaxSeats).isEmpty());
        QCOMPARE(m_bench.book(show, QStringLiteral("Over"), kOptionMaxSeats + 1).status, 400);
    }

    void salesPausedRefusesNewHoldsButNotConfirmOrCancel()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Paused"), 100);
        QVERIFY(show > 0);
        const qint64 toConfirm = hold(show).value("id").toInteger();
        const qint64 toCancel = hold(show).value("id").toInteger();
        QVERIFY(toConfirm > 0 && toCancel > 0);

        QVERIFY(m_flags->set(QStringLiteral("sales.paused"), "true"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("sales_paused"), QJsonValue(true), 1000);
        const qint64 bookingsBefore = m_bench.sqlValue("SELECT count(*) FROM bookings");
        const QString refused = paused(m_bench.book(show, QStringLiteral("Late"), 1), "all", 0);
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        // Bad input is still judged first.
        for (const int seats : {0, kOptionMaxSeats + 1}) {
            const auto bad = m_bench.book(show, QStringLiteral("Bad"), seats);
            QVERIFY2(bad.status == 400,
                     qPrintable(QStringLiteral("%1 seats while paused: expected 400, seen %2")
                                    .arg(seats)
                                    .arg(bad.describe())));
        }
        const auto badBody = m_bench.http().send("POST", QStringLiteral("/shows/%1/book").arg(show),
                                                 "{", {{"Content-Type", "application/json"}});
        QVERIFY2(badBody.status == 400, qPrintable(badBody.describe()));
        QCOMPARE(m_bench.sqlValue("SELECT count(*) FROM bookings"), bookingsBefore);

        const auto confirmed =
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(toConfirm), {});
        QVERIFY2(confirmed.status == 200,
                 qPrintable("confirm while paused: expected 200, seen " + confirmed.describe()));
        const auto cancelled =
            m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(toCancel), {});
        QVERIFY2(cancelled.status == 200,
                 qPrintable("cancel while paused: expected 200, seen " + cancelled.describe()));

        QVERIFY(m_flags->set(QStringLiteral("sales.paused"), "false"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("sales_paused"), QJsonValue(false), 1000);
        QVERIFY(!hold(show).isEmpty());
        QVERIFY(m_flags->set(QStringLiteral("sales.paused"), "true"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("sales_paused"), QJsonValue(true), 1000);
        QVERIFY(m_flags->unset(QStringLiteral("sales.paused")));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("sales_paused"), QJsonValue(false), 1000);
        QVERIFY(!hold(show).isEmpty());
    }

    // A client whose answer was lost retries with its Idempotency-Key; if sales
    // were paused in between, it must get its hold back, not a refusal that
    // would make it think it holds nothing.
    void aKeyedRetryDuringAPauseReplaysTheHoldMadeBefore()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Retry in pause"), 100);
        QVERIFY(show > 0);
        const QList<QPair<QByteArray, QByteArray>> key{{"Idempotency-Key", "lost-answer-1"}};
        const auto first = m_bench.book(show, QStringLiteral("Retrier"), 2, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));

        QVERIFY(m_flags->set(QStringLiteral("sales.paused"), "true"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("sales_paused"), QJsonValue(true), 1000);
        const auto retry = m_bench.book(show, QStringLiteral("Retrier"), 2, key);
        QVERIFY2(
            retry.status == 201,
            qPrintable("keyed retry while paused: expected the replay, seen " + retry.describe()));
        QCOMPARE(retry.object().value("id"), first.object().value("id"));
        // The same key for another request is still refused as reused, and a
        // new key is refused as paused.
        const auto other = m_bench.book(show, QStringLiteral("Retrier"), 3, key);
        QVERIFY2(other.status == 422, qPrintable(other.describe()));
        const QString refused = paused(
            m_bench.book(show, QStringLiteral("Retrier"), 2, {{"Idempotency-Key", "fresh-key-1"}}),
            "all", 0);
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        QVERIFY(m_flags->unset(QStringLiteral("sales.paused")));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("sales_paused"), QJsonValue(false), 1000);
    }

    void pausingOneShowRefusesOnlyThatShow()
    {
        const qint64 first = m_bench.createShow(QStringLiteral("Paused show"), 50);
        const qint64 second = m_bench.createShow(QStringLiteral("Open show"), 50);
        QVERIFY(first > 0 && second > 0);
        const qint64 held = hold(first).value("id").toInteger();
        QVERIFY(held > 0);
        const QString firstKey = QStringLiteral("sales.paused.show.%1").arg(first);
        const QString secondKey = QStringLiteral("sales.paused.show.%1").arg(second);

        QVERIFY(m_flags->set(firstKey, "true"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("paused_show_ids"), QJsonValue(QJsonArray{first}),
                                  1000);
        QCOMPARE(configValue("sales_paused"), QJsonValue(false));
        const QString refused =
            paused(m_bench.book(first, QStringLiteral("Late"), 1), "show", first);
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        const auto confirmed =
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(held), {});
        QVERIFY2(confirmed.status == 200,
                 qPrintable("confirm, show paused: expected 200, seen " + confirmed.describe()));
        const auto bad = m_bench.book(first, QString(), 1);
        QVERIFY2(bad.status == 400,
                 qPrintable("no user name, show paused: expected 400, seen " + bad.describe()));
        QVERIFY(!hold(second).isEmpty());

        // A show flag that is false pauses nothing; two paused shows are listed in order.
        QVERIFY(m_flags->set(secondKey, "false"));
        QVERIFY(m_flags->set(QStringLiteral("sales.paused.show.999999"), "true"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("paused_show_ids"),
                                  QJsonValue(QJsonArray{first, 999999}), 1000);
        QVERIFY(!hold(second).isEmpty());
        QVERIFY(m_flags->set(secondKey, "true"));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("paused_show_ids"),
                                  QJsonValue(QJsonArray{first, second, 999999}), 1000);
        const QString alsoRefused =
            paused(m_bench.book(second, QStringLiteral("Late"), 1), "show", second);
        QVERIFY2(alsoRefused.isEmpty(), qPrintable(alsoRefused));

        for (const QString &key : {firstKey, secondKey, QStringLiteral("sales.paused.show.999999")})
            QVERIFY(m_flags->unset(key));
        QTRY_COMPARE_WITH_TIMEOUT(configValue("paused_show_ids"), QJsonValue(QJsonArray()), 1000);
        QVERIFY(!hold(first).isEmpty());
        QVERIFY(!hold(second).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFlagBuiltins)
#include "tst_flagbuiltins.moc"
