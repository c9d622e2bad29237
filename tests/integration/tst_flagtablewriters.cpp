// What sql/006 corrected in how the flag table treats its writers: a
// TRUNCATE (psql) is recorded and announced like deleting every row, so the
// servers stop obeying the flags it removed; an UPDATE that leaves the value
// as it was keeps the version an editor's If-Match holds; and "only if it
// exists" (If-Match: *) is judged under the row lock in one call.
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "flags/flagrepository.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QtTest>

#include <memory>

namespace {
const QString kAdmin = QStringLiteral("admin");
const QString kChannel = QStringLiteral("boxoffice_flags");
} // namespace

class TestFlagTableWriters : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;

    FlagRepository repository() { return FlagRepository(*m_session); }

    // One value from a statement on a separate connection, as psql would run it.
    QVariant sql(const QString &statement) { return TestDatabase::scalar(m_url, statement); }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_session = std::make_unique<DatabaseSession>(DatabaseSettings::fromUrl(QUrl(m_url)),
                                                      QStringLiteral("flag-writers-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void cleanupTestCase() { m_session.reset(); }

    void anUnchangedUpdateKeepsVersionTimeAndAuthor()
    {
        const QString key = QStringLiteral("writers.same");
        const auto created = repository().put(key, 3, kAdmin, std::nullopt);
        QVERIFY(created);
        sql(QStringLiteral("UPDATE feature_flags SET value = value WHERE key = '%1'").arg(key));
        const auto found = repository().find(key);
        QVERIFY(found && *found);
        QCOMPARE((*found)->version, created->flag.version);
        QCOMPARE((*found)->updatedBy, kAdmin);
        QCOMPARE((*found)->updatedAt, created->flag.updatedAt);
        // An editor holding that version can still save.
        const auto saved = repository().put(key, 4, kAdmin, created->flag.version);
        QVERIFY(saved);
        QCOMPARE(int(saved->outcome), int(FlagRepository::PutOutcome::Updated));
    }

    void mustExistIsJudgedByTheDatabase()
    {
        const QString key = QStringLiteral("writers.exists");
        const auto absent = repository().put(key, 1, kAdmin, FlagRepository::kMustExist);
        QVERIFY(absent);
        QCOMPARE(int(absent->outcome), int(FlagRepository::PutOutcome::VersionConflict));
        QCOMPARE(absent->flag.version, 0);
        QVERIFY2(!repository().find(key).value().has_value(), "a conflict stores nothing");

        QVERIFY(repository().put(key, 1, kAdmin, std::nullopt));
        const auto present = repository().put(key, 2, kAdmin, FlagRepository::kMustExist);
        QVERIFY(present);
        QCOMPARE(int(present->outcome), int(FlagRepository::PutOutcome::Updated));
        QCOMPARE(present->flag.value, QJsonValue(2));
    }

    void truncateIsRecordedAndAnnounced()
    {
        QVERIFY(repository().put(QStringLiteral("writers.gone.a"), true, kAdmin, std::nullopt));
        QVERIFY(repository().put(QStringLiteral("writers.gone.b"), QStringLiteral("x"), kAdmin,
                                 std::nullopt));
        const qint64 stored =
            sql(QStringLiteral("SELECT count(*) FROM feature_flags")).toLongLong();
        QVERIFY(stored >= 2);
        const qint64 deletionsBefore =
            sql(QStringLiteral("SELECT count(*) FROM feature_flag_history WHERE new_value IS NULL"))
                .toLongLong();

        QSqlDatabase listener = TestDatabase::open(m_url);
        QVERIFY2(listener.driver()->subscribeToNotification(kChannel),
                 qPrintable(listener.lastError().text()));
        QSignalSpy notified(
            listener.driver(),
            qOverload<const QString &, QSqlDriver::NotificationSource, const QVariant &>(
                &QSqlDriver::notification));

        sql(QStringLiteral("TRUNCATE feature_flags"));

        QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 5000);
        QCOMPARE(notified.first().at(0).toString(), kChannel);
        QCOMPARE(notified.first().at(2).toString(), QStringLiteral("*"));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM feature_flags")).toLongLong(), 0);
        // One "deleted" history row per flag that was there, with the old value.
        QCOMPARE(
            sql(QStringLiteral("SELECT count(*) FROM feature_flag_history WHERE new_value IS NULL"))
                .toLongLong(),
            deletionsBefore + stored);
        QCOMPARE(sql(QStringLiteral("SELECT old_value::text FROM feature_flag_history "
                                    "WHERE key = 'writers.gone.b' ORDER BY id DESC LIMIT 1"))
                     .toString(),
                 QStringLiteral("\"x\""));
        listener.driver()->unsubscribeFromNotification(kChannel);
    }
};

QTEST_GUILESS_MAIN(TestFlagTableWriters)
#include "tst_flagtablewriters.moc"
