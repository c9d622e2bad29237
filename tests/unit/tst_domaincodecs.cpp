// Show and Booking JSON codecs: what the server writes, the client reads back unchanged.
#include "booking.h"
#include "show.h"

#include <QJsonObject>
#include <QTimeZone>
#include <QtTest>

class TestDomainCodecs : public QObject
{
    Q_OBJECT

private:
    static QDateTime utc(int year, int month, int day, int h, int m, int s, int ms = 0)
    {
        return QDateTime(QDate(year, month, day), QTime(h, m, s, ms), QTimeZone::utc());
    }

    static Show sampleShow()
    {
        Show show;
        show.id = 42;
        show.name = QStringLiteral("Hamlet – première ✨");
        show.startTime = utc(2030, 1, 1, 19, 30, 0, 250);
        show.totalSeats = 100;
        show.reservedSeats = 7;
        show.heldSeats = 4;
        show.soldSeats = 3;
        show.status = Show::Status::Scheduled;
        return show;
    }

    static Booking sampleBooking()
    {
        Booking booking;
        booking.id = 9007199254740991; // largest integer a JSON double holds exactly
        booking.reference = QStringLiteral("ABCD2345");
        booking.showId = 42;
        booking.userName = QStringLiteral("Zoë");
        booking.seats = 3;
        booking.status = Booking::Status::Confirmed;
        booking.createdAt = utc(2030, 1, 1, 10, 0, 0, 1);
        booking.expiresAt = utc(2030, 1, 1, 10, 2, 0, 1);
        booking.confirmedAt = utc(2030, 1, 1, 10, 1, 0, 999);
        return booking;
    }

private Q_SLOTS:
    void showRoundTripsThroughJson()
    {
        const Show original = sampleShow();
        const auto decoded = Show::fromJson(original.toJson());
        QVERIFY2(decoded.has_value(), "a show the server wrote should decode");
        QCOMPARE(decoded->id, original.id);
        QCOMPARE(decoded->name, original.name);
        QCOMPARE(decoded->startTime, original.startTime);
        QCOMPARE(decoded->totalSeats, original.totalSeats);
        QCOMPARE(decoded->reservedSeats, original.reservedSeats);
        QCOMPARE(decoded->heldSeats, original.heldSeats);
        QCOMPARE(decoded->soldSeats, original.soldSeats);
        QCOMPARE(decoded->status, original.status);
        QCOMPARE(decoded->availableSeats(), 93);
    }

    void showJsonHasTheContractFields()
    {
        Show show = sampleShow();
        show.status = Show::Status::Cancelled;
        const QJsonObject json = show.toJson();
        const QStringList expected = {"available_seats", "held_seats", "id",         "name",
                                      "reserved_seats",  "sold_seats", "start_time", "status",
                                      "total_seats",     "version"};
        QCOMPARE(json.keys(), expected);
        QCOMPARE(json.value("start_time").toString(), QStringLiteral("2030-01-01T19:30:00.250Z"));
        QCOMPARE(json.value("available_seats").toInt(), 0); // a cancelled show sells nothing
        QCOMPARE(json.value("status").toString(), QStringLiteral("CANCELLED"));
    }

    void showWithoutIdOrValidStartTimeIsRejected_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("id missing") << "id" << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("id as string") << "id" << QJsonValue("42");
        QTest::newRow("name not a string") << "name" << QJsonValue(5);
        QTest::newRow("unknown status") << "status" << QJsonValue("POSTPONED");
        QTest::newRow("lower-case status") << "status" << QJsonValue("scheduled");
        QTest::newRow("start time without offset")
            << "start_time" << QJsonValue("2030-01-01T19:30:00");
        QTest::newRow("start time missing") << "start_time" << QJsonValue(QJsonValue::Undefined);
    }

    void showWithoutIdOrValidStartTimeIsRejected()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = sampleShow().toJson();
        if (value.isUndefined())
            json.remove(field);
        else
            json.insert(field, value);
        QVERIFY2(!Show::fromJson(json).has_value(),
                 qPrintable(QStringLiteral("expected no show from %1")
                                .arg(QString::fromUtf8(QJsonDocument(json).toJson()))));
    }

    void showStatusNamesRoundTrip()
    {
        for (const auto status : {Show::Status::Scheduled, Show::Status::Cancelled}) {
            const QString name = Show::statusName(status);
            QVERIFY2(Show::statusFromName(name) == status, qPrintable(name));
        }
        QCOMPARE(Show::statusName(Show::Status::Scheduled), QStringLiteral("SCHEDULED"));
        QCOMPARE(Show::statusName(Show::Status::Cancelled), QStringLiteral("CANCELLED"));
        QVERIFY(!Show::statusFromName(QString()).has_value());
    }

    void bookingRoundTripsThroughJson()
    {
        const Booking original = sampleBooking();
        const auto decoded = Booking::fromJson(original.toJson());
        QVERIFY2(decoded.has_value(), "a booking the server wrote should decode");
        QCOMPARE(decoded->id, original.id);
        QCOMPARE(decoded->reference, original.reference);
        QCOMPARE(decoded->showId, original.showId);
        QCOMPARE(decoded->userName, original.userName);
        QCOMPARE(decoded->seats, original.seats);
        QCOMPARE(decoded->status, original.status);
        QCOMPARE(decoded->createdAt, original.createdAt);
        QCOMPARE(decoded->expiresAt, original.expiresAt);
        QCOMPARE(decoded->confirmedAt, original.confirmedAt);
        QVERIFY2(!decoded->cancelledAt.isValid(),
                 "no cancelled_at was written, none should be read");
    }

    void bookingJsonWritesNullForMissingTimes()
    {
        Booking booking = sampleBooking();
        booking.status = Booking::Status::Pending;
        booking.confirmedAt = {};
        const QJsonObject json = booking.toJson();
        const QStringList expected = {"cancelled_at", "confirmed_at", "created_at", "expires_at",
                                      "id",           "reference",    "seats",      "show_id",
                                      "status",       "user_name"};
        QCOMPARE(json.keys(), expected);
        QVERIFY2(json.value("confirmed_at").isNull(), qPrintable(QJsonDocument(json).toJson()));
        QVERIFY2(json.value("cancelled_at").isNull(), qPrintable(QJsonDocument(json).toJson()));
        QCOMPARE(json.value("created_at").toString(), QStringLiteral("2030-01-01T10:00:00.001Z"));
        QCOMPARE(json.value("status").toString(), QStringLiteral("PENDING"));
    }

    void bookingWithoutIdOrStatusIsRejected()
    {
        QJsonObject json = sampleBooking().toJson();
        json.remove("id");
        QVERIFY(!Booking::fromJson(json).has_value());
        json = sampleBooking().toJson();
        json.insert("status", "HELD");
        QVERIFY(!Booking::fromJson(json).has_value());
    }

    void bookingStatusNamesRoundTrip_data()
    {
        QTest::addColumn<Booking::Status>("status");
        QTest::addColumn<QString>("name");
        QTest::newRow("pending") << Booking::Status::Pending << "PENDING";
        QTest::newRow("confirmed") << Booking::Status::Confirmed << "CONFIRMED";
        QTest::newRow("expired") << Booking::Status::Expired << "EXPIRED";
        QTest::newRow("cancelled") << Booking::Status::Cancelled << "CANCELLED";
    }

    void bookingStatusNamesRoundTrip()
    {
        QFETCH(Booking::Status, status);
        QFETCH(QString, name);
        QCOMPARE(Booking::statusName(status), name);
        QVERIFY2(Booking::statusFromName(name) == status, qPrintable(name));
        QVERIFY2(!Booking::statusFromName(name.toLower()).has_value(),
                 "status names are upper case only");
    }

    void onlyPendingAndConfirmedHoldSeats()
    {
        Booking booking;
        booking.status = Booking::Status::Pending;
        QVERIFY(booking.holdsSeats());
        booking.status = Booking::Status::Confirmed;
        QVERIFY(booking.holdsSeats());
        booking.status = Booking::Status::Expired;
        QVERIFY(!booking.holdsSeats());
        booking.status = Booking::Status::Cancelled;
        QVERIFY(!booking.holdsSeats());
    }
};

QTEST_GUILESS_MAIN(TestDomainCodecs)
#include "tst_domaincodecs.moc"
