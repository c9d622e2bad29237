// GroupBookingService and book_seats_batch (sql/013) against a real
// PostgreSQL: each entry of a batch gets the answer sequential
// BookingService::book calls would give it.
#include "booking/groupbookingservice.h"
#include "booking/showservice.h"
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "testdatabase.h"

#include <QtTest>

#include <memory>

namespace {
using Entry = GroupBookingService::Entry;

Entry entry(qint64 show, const QString &name, int seats, const QByteArray &key = {},
            BookingService::Settings settings = {120, 20})
{
    Entry made;
    made.command.showId = show;
    made.command.userName = name;
    made.command.seats = seats;
    made.command.idempotencyKey = key;
    made.settings = settings;
    return made;
}

ErrorCode codeOf(const Result<BookingService::Booked> &result)
{
    return result ? ErrorCode::Internal : result.error().code;
}
} // namespace

class TestGroupBookingSql : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;

    qint64 newShow(int seats)
    {
        static int count = 0;
        const auto show = ShowService(*m_session)
                              .create({QStringLiteral("Group %1").arg(++count),
                                       QDateTime::fromSecsSinceEpoch(1893526200, Qt::UTC), seats});
        return show ? show->id : 0;
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
                                                      QStringLiteral("group-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void cleanupTestCase()
    {
        const QStringList problems = invariantViolations(TestDatabase::open(m_url));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        m_session.reset();
    }

    void aKeyRepeatedInOneBatchReplaysTheFirstEntrysBooking()
    {
        const qint64 show = newShow(10);
        QVERIFY(show > 0);
        const auto results = GroupBookingService(*m_session).book(
            {entry(show, "Ann", 2, "grp-k1"), entry(show, "Ann", 2, "grp-k1"),
             entry(show, "Bob", 2, "grp-k1")});
        QCOMPARE(results.size(), 3);
        QVERIFY(results[0] && !results[0]->replayed);
        QVERIFY(results[1] && results[1]->replayed);
        QCOMPARE(results[1]->booking.id, results[0]->booking.id);
        QCOMPARE(results[1]->booking.reference, results[0]->booking.reference);
        QCOMPARE(codeOf(results[2]), ErrorCode::IdempotencyKeyReused);
        QCOMPARE(reserved(show), 2);
        QCOMPARE(sql(QStringLiteral("SELECT booking_id FROM idempotency_keys WHERE key = 'grp-k1'")),
                 results[0]->booking.id);
    }

    void aTooBigRequestIsRefusedWhileALaterSmallOneFits()
    {
        const qint64 show = newShow(5);
        QVERIFY(show > 0);
        const auto results = GroupBookingService(*m_session).book(
            {entry(show, "Ann", 3), entry(show, "Bob", 3, "grp-big"), entry(show, "Cy", 2)});
        QVERIFY(results[0]);
        QCOMPARE(codeOf(results[1]), ErrorCode::NotEnoughSeats);
        QCOMPARE(results[1].error().details.value("available_seats").toInt(), 2);
        QVERIFY(results[2]);
        QCOMPARE(reserved(show), 5);
        // The refused entry's key was forgotten, as book_seats forgets it.
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM idempotency_keys WHERE key = 'grp-big'")),
                 0);
        QVERIFY(results[2]->booking.expiresAt > results[2]->booking.createdAt);
    }

    void aPausedKeyedRetryReplaysAndANewKeyIsRefused()
    {
        const qint64 show = newShow(5);
        QVERIFY(show > 0);
        const auto first = GroupBookingService(*m_session).book({entry(show, "Ann", 1, "grp-p")});
        QVERIFY(first[0]);
        BookingService::Settings paused{120, 20};
        paused.salesPaused = true;
        const auto results = GroupBookingService(*m_session).book(
            {entry(show, "Ann", 1, "grp-p", paused), entry(show, "Bob", 1, "grp-p2", paused),
             entry(show, "Cy", 1, {}, paused)});
        QVERIFY(results[0] && results[0]->replayed);
        QCOMPARE(results[0]->booking.id, first[0]->booking.id);
        QCOMPARE(codeOf(results[1]), ErrorCode::SalesPaused);
        QCOMPARE(codeOf(results[2]), ErrorCode::SalesPaused);
        QCOMPARE(reserved(show), 1);
    }

    void unknownAndCancelledShowsAreRefusedAndInvalidEntriesNotSent()
    {
        const qint64 show = newShow(5);
        const qint64 gone = newShow(5);
        QVERIFY(show > 0 && gone > 0);
        QVERIFY(ShowService(*m_session).cancel(gone));
        const auto results = GroupBookingService(*m_session).book(
            {entry(show + 100000, "Ann", 1), entry(gone, "Bob", 1), entry(show, "", 1),
             entry(show, "Dee", 1)});
        QCOMPARE(codeOf(results[0]), ErrorCode::ShowNotFound);
        QCOMPARE(codeOf(results[1]), ErrorCode::ShowCancelled);
        QCOMPARE(codeOf(results[2]), ErrorCode::OutOfRange);
        QVERIFY(results[3]);
        QCOMPARE(reserved(show), 1);
    }

    void aBatchThatFailsWholeIsRetriedEntryByEntry()
    {
        const qint64 show = newShow(3);
        QVERIFY(show > 0);
        // The next insert into bookings fails as a reference collision would
        // (the sequence advance outlives the rollback, so only once).
        QSqlDatabase db = TestDatabase::open(m_url);
        QSqlQuery setup(db);
        QVERIFY(setup.exec("CREATE SEQUENCE grp_poison"));
        QVERIFY(setup.exec(
            "CREATE FUNCTION grp_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF nextval('grp_poison') = 1 THEN RAISE unique_violation USING MESSAGE ="
            " 'forced collision'; END IF; RETURN NEW; END $$"));
        QVERIFY(setup.exec("CREATE TRIGGER grp_poison BEFORE INSERT ON bookings FOR EACH ROW"
                           " EXECUTE FUNCTION grp_poison()"));
        const auto results = GroupBookingService(*m_session).book(
            {entry(show, "Ann", 2, "grp-f"), entry(show, "Bob", 2), entry(show, "Ann", 2, "grp-f"),
             entry(show, "Cy", 1)});
        QVERIFY(setup.exec("DROP TRIGGER grp_poison ON bookings"));
        QVERIFY(results[0] && !results[0]->replayed);
        QCOMPARE(codeOf(results[1]), ErrorCode::NotEnoughSeats);
        QVERIFY(results[2] && results[2]->replayed);
        QCOMPARE(results[2]->booking.id, results[0]->booking.id);
        QVERIFY(results[3]);
        QCOMPARE(reserved(show), 3);
        QVERIFY(sql("SELECT last_value FROM grp_poison") >= 2);
    }
};

QTEST_GUILESS_MAIN(TestGroupBookingSql)
#include "tst_groupbookingsql.moc"
