// The change feed's rules without a database: what a payload of migration 017
// becomes, who may see which booking, coalescing within 100 ms, and what a
// subscriber that resumes is sent.
#include "push/changeevent.h"
#include "push/changefeed.h"
#include "push/pushsubscription.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

Q_DECLARE_METATYPE(ChangeEvent)

namespace {
QByteArray showPayload(qint64 seq, qint64 id, int reserved, int sold = 0)
{
    return QStringLiteral("{\"e\" : \"show\", \"seq\" : %1, \"id\" : %2, \"name\" : \"A\", "
                          "\"start\" : 1798138800000, \"total\" : 100, \"reserved\" : %3, "
                          "\"sold\" : %4, \"status\" : \"SCHEDULED\", \"at\" : 1}")
        .arg(seq)
        .arg(id)
        .arg(reserved)
        .arg(sold)
        .toUtf8();
}

QByteArray bookingsPayload(qint64 seq)
{
    return QStringLiteral("{\"e\" : \"bookings\", \"seq\" : %1, \"at\" : 2, \"b\" : "
                          "[[10, 1, \"CONFIRMED\", 3, 7, null], [11, 1, \"EXPIRED\", 1, null, "
                          "\"0011223344556677\"]]}")
        .arg(seq)
        .toUtf8();
}
} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void payloadsBecomeEvents()
    {
        const auto show = ChangeEvent::fromPayload(showPayload(5, 3, 10, 4));
        QVERIFY(show);
        QCOMPARE(show->kind, ChangeEvent::Kind::Show);
        QCOMPARE(show->show.id, 3);
        QCOMPARE(show->show.heldSeats, 6);
        QCOMPARE(show->show.soldSeats, 4);
        QCOMPARE(show->show.availableSeats(), 90);
        QCOMPARE(show->show.version, 5);
        QCOMPARE(show->show.startTime.toMSecsSinceEpoch(), 1798138800000);

        const auto bookings = ChangeEvent::fromPayload(bookingsPayload(6));
        QVERIFY(bookings);
        QCOMPARE(bookings->bookings.size(), 2);
        QCOMPARE(bookings->bookings.at(0).tokenId, 7);
        QCOMPARE(bookings->bookings.at(1).holderPrefix, QByteArray::fromHex("0011223344556677"));

        QVERIFY(!ChangeEvent::fromPayload("not json"));
        QVERIFY(!ChangeEvent::fromPayload("{\"e\":\"show\",\"seq\":0}"));
        QVERIFY(!ChangeEvent::fromPayload("{\"e\":\"bookings\",\"seq\":3,\"b\":[[1]]}"));
        QVERIFY(!ChangeEvent::fromPayload("{\"e\":\"other\",\"seq\":3}"));
    }

    void eachSubscriberSeesWhatItMay()
    {
        const auto event = ChangeEvent::fromPayload(bookingsPayload(6));
        QVERIFY(event);
        PushSubscription clerk(BookingAccess::any(2), true);
        QCOMPARE(clerk.readQuery(QUrlQuery(QStringLiteral("bookings=all"))), QString());
        QVERIFY(clerk.seesEveryBooking());
        QCOMPARE(clerk.visible(event->bookings).size(), 2);

        PushSubscription shop(BookingAccess::ownToken(7), true);
        QCOMPARE(shop.readQuery(QUrlQuery(QStringLiteral("bookings=all"))), QString());
        QVERIFY(!shop.seesEveryBooking());
        QCOMPARE(shop.visible(event->bookings).size(), 1);
        QCOMPARE(shop.visible(event->bookings).first().id, 10);

        QByteArray hash = QByteArray::fromHex("0011223344556677");
        hash.append(QByteArray(24, 'x'));
        PushSubscription holder(BookingAccess::holder(hash), false);
        QCOMPARE(holder.readQuery(QUrlQuery(QStringLiteral("bookings=mine"))), QString());
        QCOMPARE(holder.visible(event->bookings).size(), 1);
        QCOMPARE(holder.visible(event->bookings).first().id, 11);
        QVERIFY(!holder.wantsFlags());

        PushSubscription anonymous(BookingAccess::none(), false);
        QCOMPARE(anonymous.readQuery(QUrlQuery(QStringLiteral("bookings=10,11"))), QString());
        QVERIFY(anonymous.visible(event->bookings).isEmpty());

        PushSubscription listed(BookingAccess::any(), true);
        QCOMPARE(listed.readQuery(QUrlQuery(QStringLiteral("bookings=11&show=1,2"))), QString());
        QCOMPARE(listed.visible(event->bookings).size(), 1);
        QVERIFY(listed.wantsShow(2));
        QVERIFY(!listed.wantsShow(3));

        // Malformed values are refused and change nothing.
        QVERIFY(!listed.readQuery(QUrlQuery(QStringLiteral("show=1,x"))).isEmpty());
        QVERIFY(!listed.readQuery(QUrlQuery(QStringLiteral("bookings=0"))).isEmpty());
        QVERIFY(!listed.readMessage({{QStringLiteral("shows"), QJsonArray{1.5}}}).isEmpty());
        QVERIFY(!listed.readMessage({{QStringLiteral("shows"), QJsonArray{}}}).isEmpty());
        QVERIFY(listed.wantsShow(2));
    }

    void showUpdatesAreCoalescedPerShowWithin100Ms()
    {
        ChangeFeed feed;
        QSignalSpy published(&feed, &ChangeFeed::published);
        QElapsedTimer clock;
        clock.start();
        feed.take(showPayload(1, 1, 1));
        QCOMPARE(published.size(), 1); // the first after a quiet spell goes out at once
        feed.take(showPayload(2, 1, 2));
        feed.take(showPayload(3, 1, 3));
        feed.take(showPayload(4, 2, 1)); // another show has a window of its own
        QCOMPARE(published.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(published.size(), 3, 5000);
        QVERIFY2(clock.elapsed() >= ChangeFeed::kCoalesceMs,
                 qPrintable(QString::number(clock.elapsed())));
        const ChangeEvent newest = published.at(2).at(0).value<ChangeEvent>();
        QCOMPARE(newest.seq, 3); // the newest counts win
        QCOMPARE(newest.show.reservedSeats, 3);
        // Bookings are never held back.
        feed.take(bookingsPayload(5));
        QCOMPARE(published.size(), 4);
    }

    void resumingSendsWhatWasMissedOrNothingKnown()
    {
        ChangeFeed feed;
        feed.take(showPayload(1, 1, 1));
        feed.take(showPayload(2, 1, 2));
        feed.take(bookingsPayload(3));
        feed.take(showPayload(4, 2, 5));
        feed.take(showPayload(5, 1, 3));
        QCOMPARE(feed.lastSeq(), 5);
        const auto missed = feed.since(1);
        QVERIFY(missed);
        QCOMPARE(missed->size(), 3); // the bookings, then each show's newest state once
        QCOMPARE(missed->at(0).kind, ChangeEvent::Kind::Bookings);
        QCOMPARE(missed->at(1).seq, 5);
        QCOMPARE(missed->at(2).seq, 4);
        QVERIFY(feed.since(5) && feed.since(5)->isEmpty());
        QVERIFY(!feed.since(99));
    }

    // The subscriber got event 7, a booking change that arrived after show
    // 1's newest counts (6), which still wait in their window: it has not had
    // them, so a resume from 7 sends them.
    void resumingSendsAShowUpdateStillWaitingInItsWindow()
    {
        ChangeFeed feed;
        QSignalSpy published(&feed, &ChangeFeed::published);
        feed.take(showPayload(5, 1, 1));
        feed.take(showPayload(6, 1, 2)); // waits: show 1 went out less than 100 ms ago
        feed.take(bookingsPayload(7));
        QCOMPARE(published.size(), 2);
        const auto missed = feed.since(7);
        QVERIFY(missed);
        QCOMPARE(missed->size(), 1);
        QCOMPARE(missed->first().seq, 6);
        QCOMPARE(missed->first().show.reservedSeats, 2);
    }
};

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_changefeed.moc"
