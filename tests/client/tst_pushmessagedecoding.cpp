// The client's side of the live-push protocol: every message type the server
// sends decodes into the values the feed hands on (a show event's version is
// its seq), a message that lacks what its type needs is refused rather than
// half-applied, and the subscribe message says "none", a list or "all" and
// resumes only from a real seq.
#include "pushprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using PushProtocol::Message;

namespace {
QJsonObject parsed(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

const QByteArray kShowEvent =
    R"({"at":1796289361021,"seq":42,"show":{"available_seats":98,"held_seats":2,"id":7,)"
    R"("name":"Hamlet","reserved_seats":2,"sold_seats":0,"start_time":"2026-12-24T19:00:00.000Z",)"
    R"("status":"SCHEDULED","total_seats":100,"version":42},"type":"show"})";
} // namespace

class TestPushMessageDecoding : public QObject
{
    Q_OBJECT

private slots:
    void helloCarriesSeqAndListedBookings()
    {
        const auto hello = PushProtocol::decode(
            R"({"coalesce_ms":100,"seq":41,"subscription":{"bookings":[3,5],"shows":"all"},"type":"hello"})");
        QVERIFY2(hello, qPrintable(hello ? QString() : hello.error().message));
        QCOMPARE(hello->type, Message::Type::Hello);
        QCOMPARE(hello->seq, 41);
        QVERIFY(!hello->isEvent());
        QVERIFY(hello->subscribedBookings.has_value());
        QCOMPARE(*hello->subscribedBookings, (QList<qint64>{3, 5}));
    }

    void subscribedToAWordHasNoList()
    {
        const auto subscribed = PushProtocol::decode(
            R"({"seq":9,"subscription":{"bookings":"all","shows":"all"},"type":"subscribed"})");
        QVERIFY(subscribed);
        QCOMPARE(subscribed->type, Message::Type::Subscribed);
        QVERIFY2(!subscribed->subscribedBookings.has_value(), "\"all\" is not a list of ids");
    }

    void showEventDecodesTheShowWithItsVersion()
    {
        const auto event = PushProtocol::decode(kShowEvent);
        QVERIFY2(event, qPrintable(event ? QString() : event.error().message));
        QCOMPARE(event->type, Message::Type::Show);
        QVERIFY(event->isEvent());
        QCOMPARE(event->seq, 42);
        QCOMPARE(event->show.id, 7);
        QCOMPARE(event->show.name, QStringLiteral("Hamlet"));
        QCOMPARE(event->show.availableSeats(), 98);
        QCOMPARE(event->show.heldSeats, 2);
        QCOMPARE(event->show.version, 42);
    }

    void showEventWithoutVersionTakesItsSeq()
    {
        QJsonObject event = parsed(kShowEvent);
        QJsonObject show = event.value(QLatin1String("show")).toObject();
        show.remove(QStringLiteral("version"));
        event.insert(QStringLiteral("show"), show);
        event.insert(QStringLiteral("seq"), 57);
        const auto decoded = PushProtocol::decode(QJsonDocument(event).toJson());
        QVERIFY(decoded);
        QCOMPARE(decoded->show.version, 57);
    }

    void bookingsEventListsEachState()
    {
        const auto event = PushProtocol::decode(
            R"({"at":1,"bookings":[{"id":1,"seats":2,"show_id":4,"status":"CONFIRMED"},)"
            R"({"id":2,"seats":1,"show_id":4,"status":"EXPIRED"},)"
            R"({"id":3,"seats":5,"show_id":6,"status":"CANCELLED"}],"seq":46,"type":"bookings"})");
        QVERIFY2(event, qPrintable(event ? QString() : event.error().message));
        QCOMPARE(event->type, Message::Type::Bookings);
        QCOMPARE(event->seq, 46);
        QCOMPARE(event->bookings.size(), 3);
        QCOMPARE(event->bookings.at(0).id, 1);
        QCOMPARE(event->bookings.at(0).showId, 4);
        QCOMPARE(event->bookings.at(0).seats, 2);
        QCOMPARE(event->bookings.at(0).status, Booking::Status::Confirmed);
        QCOMPARE(event->bookings.at(1).status, Booking::Status::Expired);
        QCOMPARE(event->bookings.at(2).status, Booking::Status::Cancelled);
    }

    void flagResyncAndErrorMessages()
    {
        const auto flag =
            PushProtocol::decode(R"({"at":1,"key":"sales.paused","seq":50,"type":"flag"})");
        QVERIFY(flag);
        QCOMPARE(flag->type, Message::Type::Flag);
        QCOMPARE(flag->flagKey, QStringLiteral("sales.paused"));
        QCOMPARE(flag->seq, 50);

        const auto resync = PushProtocol::decode(R"({"reason":"gap","type":"resync"})");
        QVERIFY(resync);
        QCOMPARE(resync->type, Message::Type::Resync);
        QCOMPARE(resync->reason, QStringLiteral("gap"));
        QVERIFY(!resync->isEvent());

        const auto error = PushProtocol::decode(
            R"({"code":"invalid_field","error":"bookings must be ...","type":"error"})");
        QVERIFY(error);
        QCOMPARE(error->type, Message::Type::Error);
        QCOMPARE(error->errorCode, QStringLiteral("invalid_field"));
    }

    void malformedMessagesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("not JSON") << QByteArray("{\"type\":");
        QTest::newRow("an array") << QByteArray(R"([{"type":"hello"}])");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"gossip","seq":3})");
        QTest::newRow("no type") << QByteArray(R"({"seq":3})");
        QTest::newRow("show without seq")
            << QByteArray(R"({"type":"show","show":{"id":1,"name":"A","status":"SCHEDULED",)"
                          R"("start_time":"2026-12-24T19:00:00.000Z"}})");
        QTest::newRow("show without a show") << QByteArray(R"({"type":"show","seq":4})");
        QTest::newRow("booking with unknown status")
            << QByteArray(R"({"type":"bookings","seq":5,"bookings":[{"id":1,"show_id":1,)"
                          R"("seats":1,"status":"LOST"}]})");
        QTest::newRow("booking without id")
            << QByteArray(R"({"type":"bookings","seq":5,"bookings":[{"show_id":1,"seats":1,)"
                          R"("status":"CONFIRMED"}]})");
        QTest::newRow("bookings not a list")
            << QByteArray(R"({"type":"bookings","seq":5,"bookings":{"id":1}})");
        QTest::newRow("flag without key") << QByteArray(R"({"type":"flag","seq":6})");
    }

    void malformedMessagesAreRefused()
    {
        QFETCH(QByteArray, text);
        const auto decoded = PushProtocol::decode(text);
        QVERIFY2(!decoded, "expected a refusal, got a message");
    }

    void subscribeListsTheWatchedBookings()
    {
        const QJsonObject message = parsed(PushProtocol::subscribe({10, 11}, 0));
        QCOMPARE(message.value(QLatin1String("type")).toString(), QStringLiteral("subscribe"));
        QCOMPARE(message.value(QLatin1String("shows")).toString(), QStringLiteral("all"));
        QCOMPARE(message.value(QLatin1String("bookings")).toArray(), (QJsonArray{10, 11}));
        QVERIFY2(!message.contains(QLatin1String("since")), "no seq yet: nothing to resume");
    }

    void subscribeWithoutBookingsSaysNone()
    {
        const QJsonObject message = parsed(PushProtocol::subscribe({}, 77));
        QCOMPARE(message.value(QLatin1String("bookings")).toString(), QStringLiteral("none"));
        QCOMPARE(message.value(QLatin1String("since")).toInteger(), 77);
    }

    void subscribeBeyondTheServersListAsksForAll()
    {
        QList<qint64> many;
        for (qint64 id = 1; id <= PushProtocol::kMaxListedBookings; ++id)
            many.append(id);
        QVERIFY(
            parsed(PushProtocol::subscribe(many, 0)).value(QLatin1String("bookings")).isArray());
        many.append(PushProtocol::kMaxListedBookings + 1);
        QCOMPARE(
            parsed(PushProtocol::subscribe(many, 0)).value(QLatin1String("bookings")).toString(),
            QStringLiteral("all"));
    }
};

QTEST_MAIN(TestPushMessageDecoding)
#include "tst_pushmessagedecoding.moc"
