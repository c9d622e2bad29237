// BookingService and ShowService against a real PostgreSQL, with no HTTP in
// between: the seat limit and hold length from the settings, idempotent
// replay and reuse, references, and the rules for changing and cancelling shows.
#include "booking/bookingservice.h"
#include "booking/referencegenerator.h"
#include "booking/showservice.h"
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "testdatabase.h"

#include <QtTest>

#include <memory>

namespace {
QString describe(const DomainError &error)
{
    return errorCodeName(error.code) + QStringLiteral(": ") + error.message;
}
template <typename T> QString describe(const Result<T> &result)
{
    return result ? QStringLiteral("a value") : describe(result.error());
}
} // namespace

class TestDomainServices : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;

    qint64 newShow(int seats)
    {
        static int count = 0;
        const auto show = ShowService(*m_session)
                              .create({QStringLiteral("Services %1").arg(++count),
                                       QDateTime::fromSecsSinceEpoch(1893526200, Qt::UTC), seats});
        if (!show) {
            qWarning("creating a show failed: %s", qPrintable(describe(show.error())));
            return 0;
        }
        return show->id;
    }
    qint64 sql(const QString &statement) { return TestDatabase::integer(m_url, statement); }
    qint64 reserved(qint64 showId)
    {
        return sql(QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(showId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_session = std::make_unique<DatabaseSession>(DatabaseSettings::fromUrl(QUrl(m_url)),
                                                      QStringLiteral("services-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void cleanupTestCase()
    {
        const QStringList problems = invariantViolations(TestDatabase::open(m_url));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        m_session.reset();
    }

    void bookingWithinTheSeatLimitHoldsSeatsForTheHoldLength()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        const auto booked = BookingService(*m_session, {45, 4}).book({show, "Ann", 4, {}});
        QVERIFY2(booked, qPrintable(describe(booked)));
        QCOMPARE(booked->booking.status, Booking::Status::Pending);
        QCOMPARE(booked->booking.seats, 4);
        QVERIFY(!booked->replayed);
        QVERIFY2(ReferenceGenerator::looksValid(booked->booking.reference),
                 qPrintable(booked->booking.reference));
        const qint64 holdMs = booked->booking.createdAt.msecsTo(booked->booking.expiresAt);
        QVERIFY2(holdMs > 44000 && holdMs <= 45000,
                 qPrintable(QStringLiteral("expected a 45 s hold, seen %1 ms").arg(holdMs)));
        QCOMPARE(reserved(show), 4);
        // The stored row agrees with what book() said.
        const auto stored = BookingService(*m_session, {})
                                .getByReference(booked->booking.reference, BookingAccess::any());
        QVERIFY2(stored, qPrintable(describe(stored)));
        QCOMPARE(stored->id, booked->booking.id);
        QCOMPARE(stored->expiresAt, booked->booking.expiresAt);
    }

    void holdLengthFollowsTheSettings()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        const auto shortHold = BookingService(*m_session, {5, 20}).book({show, "Bo", 1, {}});
        const auto longHold = BookingService(*m_session, {600, 20}).book({show, "Cy", 1, {}});
        QVERIFY2(shortHold && longHold, qPrintable(describe(shortHold) + describe(longHold)));
        const qint64 shortMs = shortHold->booking.createdAt.msecsTo(shortHold->booking.expiresAt);
        const qint64 longMs = longHold->booking.createdAt.msecsTo(longHold->booking.expiresAt);
        QVERIFY2(shortMs > 4000 && shortMs <= 5000, qPrintable(QString::number(shortMs)));
        QVERIFY2(longMs > 599000 && longMs <= 600000, qPrintable(QString::number(longMs)));
    }

    void bookingOverTheSeatLimitIsRefusedWithoutWriting()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        const auto refused = BookingService(*m_session, {120, 3}).book({show, "Di", 4, {}});
        QVERIFY2(!refused && refused.error().code == ErrorCode::OutOfRange,
                 qPrintable(describe(refused)));
        QCOMPARE(refused.error().message, QStringLiteral("seats must be between 1 and 3."));
        QCOMPARE(reserved(show), 0);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1").arg(show)),
                 0);
    }

    void notEnoughSeatsSaysHowManyAreLeft()
    {
        const qint64 show = newShow(5);
        QVERIFY(show > 0);
        BookingService service(*m_session, {120, 20});
        QVERIFY(service.book({show, "Ed", 3, {}}));
        const auto refused = service.book({show, "Flo", 3, {}});
        QVERIFY2(!refused && refused.error().code == ErrorCode::NotEnoughSeats,
                 qPrintable(describe(refused)));
        QCOMPARE(refused.error().details.value("available_seats").toInt(), 2);
        QCOMPARE(reserved(show), 3);
    }

    void sameKeySameRequestReplaysTheBooking()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        BookingService service(*m_session, {120, 20});
        const BookingService::BookCommand command{show, "Gus", 2, "replay-key-1"};
        const auto first = service.book(command);
        const auto second = service.book(command);
        QVERIFY2(first && second, qPrintable(describe(first) + describe(second)));
        QVERIFY(!first->replayed);
        QVERIFY(second->replayed);
        QCOMPARE(second->booking.id, first->booking.id);
        QCOMPARE(second->booking.reference, first->booking.reference);
        QCOMPARE(reserved(show), 2);
        QCOMPARE(sql("SELECT count(*) FROM idempotency_keys WHERE key = 'replay-key-1'"), 1);
    }

    void sameKeyOtherRequestIsRefused()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        BookingService service(*m_session, {120, 20});
        QVERIFY(service.book({show, "Hal", 2, "reuse-key-1"}));
        const auto reused = service.book({show, "Hal", 3, "reuse-key-1"});
        QVERIFY2(!reused && reused.error().code == ErrorCode::IdempotencyKeyReused,
                 qPrintable(describe(reused)));
        QCOMPARE(reserved(show), 2);
    }

    void keyThatIsNotVisibleAsciiIsNeitherTrimmedNorStored()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        BookingService service(*m_session, {120, 20});
        for (const QByteArray &key : {QByteArray("\xEF\xBB\xBF"
                                                 "bom-key"),
                                      QByteArray("\xC2\xA0nbsp-key\xC2\xA0")}) {
            const auto refused = service.book({show, "Ivy", 1, key});
            QVERIFY2(!refused && refused.error().code == ErrorCode::InvalidField,
                     qPrintable(describe(refused)));
        }
        QCOMPARE(sql("SELECT count(*) FROM idempotency_keys WHERE key IN ('bom-key', 'nbsp-key')"),
                 0);
        QCOMPARE(reserved(show), 0);
    }

    void showChangesFollowTheRules()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        QVERIFY(BookingService(*m_session, {120, 20}).book({show, "Jo", 6, {}}));
        ShowService shows(*m_session);

        ShowService::UpdateCommand shrink;
        shrink.id = show;
        shrink.totalSeats = 5;
        const auto belowReserved = shows.update(shrink);
        QVERIFY2(!belowReserved && belowReserved.error().code == ErrorCode::CapacityBelowReserved,
                 qPrintable(describe(belowReserved)));
        QCOMPARE(belowReserved.error().details.value("reserved_seats").toInt(), 6);

        shrink.totalSeats = 6;
        shrink.name = QStringLiteral("Renamed");
        const auto changed = shows.update(shrink);
        QVERIFY2(changed, qPrintable(describe(changed)));
        QCOMPARE(changed->totalSeats, 6);
        QCOMPARE(changed->name, QStringLiteral("Renamed"));

        ShowService::UpdateCommand nothing;
        nothing.id = show;
        const auto empty = shows.update(nothing);
        QVERIFY2(!empty && empty.error().code == ErrorCode::MissingField,
                 qPrintable(describe(empty)));

        ShowService::UpdateCommand unknown;
        unknown.id = 999999;
        unknown.name = QStringLiteral("Ghost");
        const auto missing = shows.update(unknown);
        QVERIFY2(!missing && missing.error().code == ErrorCode::ShowNotFound,
                 qPrintable(describe(missing)));
    }

    void cancellingAShowCancelsItsBookingsAndFreezesIt()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        BookingService bookings(*m_session, {120, 20});
        const auto held = bookings.book({show, "Kai", 2, {}});
        const auto sold = bookings.book({show, "Lu", 3, {}});
        QVERIFY2(held && sold, qPrintable(describe(held) + describe(sold)));
        QVERIFY(bookings.confirm(sold->booking.id, BookingAccess::any()));
        ShowService shows(*m_session);
        const auto cancelled = shows.cancel(show);
        QVERIFY2(cancelled, qPrintable(describe(cancelled)));
        QCOMPARE(cancelled->cancelledBookings, 2);
        QCOMPARE(cancelled->show.status, Show::Status::Cancelled);
        QCOMPARE(reserved(show), 0);

        const auto late = bookings.book({show, "Mo", 1, {}});
        QVERIFY2(!late && late.error().code == ErrorCode::ShowCancelled,
                 qPrintable(describe(late)));
        ShowService::UpdateCommand rename;
        rename.id = show;
        rename.name = QStringLiteral("Too late");
        const auto renamed = shows.update(rename);
        QVERIFY2(!renamed && renamed.error().code == ErrorCode::ShowCancelled,
                 qPrintable(describe(renamed)));
        const auto again = bookings.get(held->booking.id, BookingAccess::any());
        QVERIFY2(again && again->status == Booking::Status::Cancelled, qPrintable(describe(again)));
    }

    void listingPagesThroughAShowsBookings()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        BookingService service(*m_session, {120, 20});
        for (const char *name : {"N1", "N2", "N3"})
            QVERIFY(service.book({show, QString::fromLatin1(name), 1, {}}));
        const auto page = service.listForShow({show, {}, 2, 1});
        QVERIFY2(page, qPrintable(describe(page)));
        QCOMPARE(page->total, 3);
        QCOMPARE(page->bookings.size(), 2);
        QCOMPARE(page->bookings.at(0).userName, QStringLiteral("N2"));
        const auto tooBig = service.listForShow({show, {}, 501, 0});
        QVERIFY2(!tooBig && tooBig.error().code == ErrorCode::OutOfRange,
                 qPrintable(describe(tooBig)));
        const auto noShow = service.listForShow({999999, {}, 10, 0});
        QVERIFY2(!noShow && noShow.error().code == ErrorCode::ShowNotFound,
                 qPrintable(describe(noShow)));
    }
};

QTEST_GUILESS_MAIN(TestDomainServices)
#include "tst_domainservices.moc"
