// The live snapshot's state without a database: stored flags combined with
// environment overrides, and the booking rules derived from the built-ins in
// the contract's order (environment > table > command line > default).
#include "flags/flagsnapshot.h"

#include <QJsonObject>
#include <QtTest>

namespace {
FeatureFlag stored(const QString &key, const QJsonValue &value, qint64 version = 1)
{
    return FeatureFlag{key, value, QDateTime::currentDateTimeUtc(), QStringLiteral("admin"),
                       version};
}

EnvironmentFlagOverrides overrides(const QList<QPair<QString, QString>> &variables)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : variables)
        environment.insert(name, value);
    const auto read = EnvironmentFlagOverrides::read(environment);
    if (!read) {
        qWarning("overrides refused: %s", qPrintable(read.error().message));
        return {};
    }
    return *read;
}

const BookingService::Settings kCommandLine{300, 8};
} // namespace

class TestFlagSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withNoFlagsTheCommandLineRules()
    {
        const FlagSnapshot snapshot(EnvironmentFlagOverrides(), kCommandLine);
        QVERIFY(snapshot.current()->flags.isEmpty());
        const BookingService::Settings booking = snapshot.bookingSettings();
        QCOMPARE(booking.holdSeconds, 300);
        QCOMPARE(booking.maxSeatsPerBooking, 8);
        QVERIFY(!booking.salesPaused);
        QVERIFY(booking.pausedShowIds.isEmpty());
    }

    void storedBuiltInsWinOverTheCommandLine()
    {
        FlagSnapshot snapshot(EnvironmentFlagOverrides(), kCommandLine);
        snapshot.update({stored("booking.hold_seconds", 45), stored("booking.max_seats", 3),
                         stored("sales.paused", true), stored("sales.paused.show.12", true),
                         stored("sales.paused.show.13", false), stored("checkout", "v2")});
        const BookingService::Settings booking = snapshot.bookingSettings();
        QCOMPARE(booking.holdSeconds, 45);
        QCOMPARE(booking.maxSeatsPerBooking, 3);
        QVERIFY(booking.salesPaused);
        QCOMPARE(booking.pausedShowIds, QSet<qint64>{12});
        QCOMPARE(snapshot.current()->flags.value("checkout").effective, QJsonValue("v2"));

        // Deleting the flags brings the command line back.
        snapshot.update({});
        QCOMPARE(snapshot.bookingSettings().holdSeconds, 300);
        QVERIFY(!snapshot.bookingSettings().salesPaused);
    }

    void anInvalidStoredBuiltInIsIgnored()
    {
        // Rows written before sql/005's CHECK are not re-judged by the database.
        FlagSnapshot snapshot(EnvironmentFlagOverrides(), kCommandLine);
        snapshot.update({stored("booking.hold_seconds", 5), stored("booking.max_seats", "ten"),
                         stored("sales.paused", 1)});
        const BookingService::Settings booking = snapshot.bookingSettings();
        QCOMPARE(booking.holdSeconds, 300);
        QCOMPARE(booking.maxSeatsPerBooking, 8);
        QVERIFY(!booking.salesPaused);
    }

    void theEnvironmentWinsOverTheTable()
    {
        FlagSnapshot snapshot(overrides({{"BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS", "60"},
                                         {"BOXOFFICE_FLAG_SALES_PAUSED_SHOW_4", "true"},
                                         {"BOXOFFICE_FLAG_CHECKOUT_V2", R"({"percent":10})"}}),
                              kCommandLine);
        snapshot.update({stored("booking.hold_seconds", 45), stored("booking.max_seats", 3)});
        const auto state = snapshot.current();
        QCOMPARE(state->booking.holdSeconds, 60);
        QCOMPARE(state->booking.maxSeatsPerBooking, 3); // not overridden: the table's
        QCOMPARE(state->booking.pausedShowIds, QSet<qint64>{4});

        const EffectiveFlag hold = state->flags.value("booking.hold_seconds");
        QCOMPARE(hold.effective, QJsonValue(60));
        QVERIFY(hold.stored && hold.stored->value == QJsonValue(45));
        QCOMPARE(hold.environmentVariable, QStringLiteral("BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS"));
        const EffectiveFlag seats = state->flags.value("booking.max_seats");
        QVERIFY2(!seats.fromEnvironment(), qPrintable(seats.environmentVariable));
        // Set only in the environment: listed, with nothing stored.
        const EffectiveFlag show = state->flags.value("sales.paused.show.4");
        QVERIFY(!show.stored);
        QCOMPARE(show.effective, QJsonValue(true));
        const EffectiveFlag checkout = state->flags.value("checkout_v2");
        QVERIFY(!checkout.stored);
        QCOMPARE(checkout.effective, QJsonValue(QJsonObject{{"percent", 10}}));
        QCOMPARE(state->flags.keys(), (QStringList{"booking.hold_seconds", "booking.max_seats",
                                                   "checkout_v2", "sales.paused.show.4"}));
    }

    void aiModelFromTheEnvironmentMergesIntoTheStoredRollout()
    {
        FlagSnapshot snapshot(overrides({{"AI_MODEL", "claude-4-mini"}}), kCommandLine);
        snapshot.update({stored(
            "ai:model",
            QJsonObject{{"model", "claude-haiku-4.5"}, {"percent", 1}, {"temperature", 0.2}})});
        const EffectiveFlag model = snapshot.current()->flags.value("ai:model");
        QCOMPARE(model.effective,
                 QJsonValue(QJsonObject{{"model", "claude-4-mini"}, {"temperature", 0.2}}));
        QCOMPARE(model.environmentVariable, QStringLiteral("AI_MODEL"));
    }

    void aReaderKeepsTheStateItTook()
    {
        FlagSnapshot snapshot(EnvironmentFlagOverrides(), kCommandLine);
        snapshot.update({stored("a", 1)});
        const auto before = snapshot.current();
        snapshot.update({stored("a", 2)});
        QCOMPARE(before->flags.value("a").effective, QJsonValue(1));
        QCOMPARE(snapshot.current()->flags.value("a").effective, QJsonValue(2));
    }
};

QTEST_GUILESS_MAIN(TestFlagSnapshot)
#include "tst_flagsnapshot.moc"
