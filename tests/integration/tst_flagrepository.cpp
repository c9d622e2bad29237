// FlagRepository against a real PostgreSQL with sql/005: the outcomes of put
// and remove (If-Match 0 and n included), the history the triggers keep and
// who they name, a direct UPDATE as psql would make it, two concurrent
// creates of one key, and the CHECK constraint for writers that go around
// the server.
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "flags/flagrepository.h"
#include "testdatabase.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <memory>
#include <thread>

namespace {
QString describe(const DomainError &error)
{
    return errorCodeName(error.code) + QStringLiteral(": ") + error.message;
}
template <typename T> QString describe(const Result<T> &result)
{
    return result ? QStringLiteral("a value") : describe(result.error());
}
QString outcomeName(FlagRepository::PutOutcome outcome)
{
    switch (outcome) {
    case FlagRepository::PutOutcome::Created:
        return QStringLiteral("created");
    case FlagRepository::PutOutcome::Updated:
        return QStringLiteral("updated");
    case FlagRepository::PutOutcome::Unchanged:
        return QStringLiteral("unchanged");
    case FlagRepository::PutOutcome::VersionConflict:
        return QStringLiteral("version_conflict");
    }
    return {};
}
const QString kAdmin = QStringLiteral("admin");
} // namespace

class TestFlagRepository : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;

    FlagRepository repository() { return FlagRepository(*m_session); }

    // One value from a statement on a separate connection, as psql would run it.
    QVariant sql(const QString &statement) { return TestDatabase::scalar(m_url, statement); }
    qint64 historyRows(const QString &key)
    {
        return sql(QStringLiteral("SELECT count(*) FROM feature_flag_history WHERE key = '%1'")
                       .arg(key))
            .toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_session = std::make_unique<DatabaseSession>(DatabaseSettings::fromUrl(QUrl(m_url)),
                                                      QStringLiteral("flag-repository-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void cleanupTestCase() { m_session.reset(); }

    void putCreatesUpdatesAndLeavesTheSameValueUnchanged()
    {
        const QString key = QStringLiteral("repo.put");
        const QJsonObject rollout{{QStringLiteral("model"), QStringLiteral("m1")},
                                  {QStringLiteral("percent"), 12.5}};
        const auto created = repository().put(key, rollout, kAdmin, std::nullopt);
        QVERIFY2(created, qPrintable(describe(created)));
        QCOMPARE(outcomeName(created->outcome), QStringLiteral("created"));
        QCOMPARE(created->flag.key, key);
        QCOMPARE(created->flag.value, QJsonValue(rollout));
        QCOMPARE(created->flag.updatedBy, kAdmin);
        QVERIFY2(created->flag.version > 0, "a created flag has a version");
        QVERIFY(created->flag.updatedAt.isValid());

        const auto same = repository().put(key, rollout, QStringLiteral("someone"), std::nullopt);
        QVERIFY2(same, qPrintable(describe(same)));
        QCOMPARE(outcomeName(same->outcome), QStringLiteral("unchanged"));
        QCOMPARE(same->flag.version, created->flag.version);
        QCOMPARE(same->flag.updatedBy, kAdmin); // nobody changed it

        const auto updated = repository().put(key, QStringLiteral("plain"), kAdmin, std::nullopt);
        QVERIFY2(updated, qPrintable(describe(updated)));
        QCOMPARE(outcomeName(updated->outcome), QStringLiteral("updated"));
        QCOMPARE(updated->flag.value, QJsonValue(QStringLiteral("plain")));
        QVERIFY2(updated->flag.version > created->flag.version,
                 qPrintable(QStringLiteral("expected a version above %1, seen %2")
                                .arg(created->flag.version)
                                .arg(updated->flag.version)));

        // Top-level scalars come back as written.
        for (const QJsonValue &value : {QJsonValue(true), QJsonValue(42), QJsonValue(0.5),
                                        QJsonValue(QStringLiteral("ü \"quoted\""))}) {
            const auto put = repository().put(key, value, kAdmin, std::nullopt);
            QVERIFY2(put, qPrintable(describe(put)));
            const auto found = repository().find(key);
            QVERIFY2(found && *found, qPrintable(describe(found)));
            QCOMPARE((*found)->value, value);
        }
        // create, update, then four updates: the unchanged put left no row.
        QCOMPARE(historyRows(key), 6);
    }

    void ifMatchZeroMeansAbsentAndNMeansThatVersion()
    {
        const QString key = QStringLiteral("repo.ifmatch");
        const auto absentAtN = repository().put(key, 1, kAdmin, qint64(12345));
        QVERIFY2(absentAtN, qPrintable(describe(absentAtN)));
        QCOMPARE(outcomeName(absentAtN->outcome), QStringLiteral("version_conflict"));
        QCOMPARE(absentAtN->flag.version, 0);
        QVERIFY2(!repository().find(key).value().has_value(), "a conflict stores nothing");

        const auto created = repository().put(key, 1, kAdmin, qint64(0));
        QVERIFY2(created, qPrintable(describe(created)));
        QCOMPARE(outcomeName(created->outcome), QStringLiteral("created"));

        const auto existsAtZero = repository().put(key, 2, kAdmin, qint64(0));
        QVERIFY2(existsAtZero, qPrintable(describe(existsAtZero)));
        QCOMPARE(outcomeName(existsAtZero->outcome), QStringLiteral("version_conflict"));
        QCOMPARE(existsAtZero->flag.version, created->flag.version);
        QCOMPARE(existsAtZero->flag.value, QJsonValue(1));

        const auto stale = repository().put(key, 2, kAdmin, created->flag.version - 1);
        QVERIFY2(stale, qPrintable(describe(stale)));
        QCOMPARE(outcomeName(stale->outcome), QStringLiteral("version_conflict"));
        QCOMPARE(stale->flag.version, created->flag.version);

        const auto matching = repository().put(key, 2, kAdmin, created->flag.version);
        QVERIFY2(matching, qPrintable(describe(matching)));
        QCOMPARE(outcomeName(matching->outcome), QStringLiteral("updated"));
        QCOMPARE(matching->flag.value, QJsonValue(2));
        QCOMPARE(historyRows(key), 2); // the three conflicts recorded nothing
    }

    void removeOutcomes()
    {
        const QString key = QStringLiteral("repo.remove");
        const auto missing = repository().remove(key, kAdmin, std::nullopt);
        QVERIFY2(missing, qPrintable(describe(missing)));
        QCOMPARE(missing->outcome, FlagRepository::RemoveOutcome::NotFound);

        const auto created = repository().put(key, QStringLiteral("v"), kAdmin, std::nullopt);
        QVERIFY2(created, qPrintable(describe(created)));
        const auto stale = repository().remove(key, kAdmin, created->flag.version + 1);
        QVERIFY2(stale, qPrintable(describe(stale)));
        QCOMPARE(stale->outcome, FlagRepository::RemoveOutcome::VersionConflict);
        QCOMPARE(stale->flag.version, created->flag.version);
        QVERIFY(repository().find(key).value().has_value());

        const auto removed = repository().remove(key, kAdmin, created->flag.version);
        QVERIFY2(removed, qPrintable(describe(removed)));
        QCOMPARE(removed->outcome, FlagRepository::RemoveOutcome::Removed);
        QCOMPARE(removed->flag.value, QJsonValue(QStringLiteral("v"))); // as it was
        QCOMPARE(removed->flag.version, created->flag.version);
        QVERIFY2(!repository().find(key).value().has_value(), "the flag should be gone");
    }

    void historyIsNewestFirstAndNamesWhoChanged()
    {
        const QString key = QStringLiteral("repo.history");
        QCOMPARE(repository().history(key, 1, 0).value().total, 0);
        QVERIFY(repository().put(key, 1, QStringLiteral("alice"), std::nullopt));
        QVERIFY(repository().put(key, 2, QStringLiteral("bob"), std::nullopt));
        QVERIFY(repository().remove(key, QStringLiteral("carol"), std::nullopt));
        QCOMPARE(repository().history(key, 1, 0).value().total, 3);

        const auto page = repository().history(key, 50, 0);
        QVERIFY2(page, qPrintable(describe(page)));
        QCOMPARE(page->total, 3);
        QCOMPARE(page->changes.size(), 3);
        const FlagChange &deleted = page->changes.at(0);
        const FlagChange &updated = page->changes.at(1);
        const FlagChange &created = page->changes.at(2);
        QVERIFY(deleted.id > updated.id && updated.id > created.id);
        QCOMPARE(deleted.changedBy, QStringLiteral("carol"));
        QCOMPARE(deleted.oldValue, QJsonValue(2));
        QVERIFY2(deleted.newValue.isUndefined(), "a deletion has no new value");
        QCOMPARE(updated.changedBy, QStringLiteral("bob"));
        QCOMPARE(updated.oldValue, QJsonValue(1));
        QCOMPARE(updated.newValue, QJsonValue(2));
        QCOMPARE(created.changedBy, QStringLiteral("alice"));
        QVERIFY2(created.oldValue.isUndefined(), "a creation has no old value");
        QCOMPARE(created.newValue, QJsonValue(1));
        QVERIFY(created.changedAt.isValid() && created.changedAt <= deleted.changedAt);

        const auto second = repository().history(key, 1, 1);
        QVERIFY2(second, qPrintable(describe(second)));
        QCOMPARE(second->total, 3);
        QCOMPARE(second->changes.size(), 1);
        QCOMPARE(second->changes.at(0).id, updated.id);
        const auto beyond = repository().history(key, 10, 10);
        QVERIFY2(beyond, qPrintable(describe(beyond)));
        QCOMPARE(beyond->total, 3); // the total even past the last page
        QVERIFY(beyond->changes.isEmpty());
    }

    void aDirectSqlUpdateIsStampedWithItsRoleAndRecorded()
    {
        const QString key = QStringLiteral("repo.psql");
        const auto created = repository().put(key, 1, kAdmin, std::nullopt);
        QVERIFY2(created, qPrintable(describe(created)));
        const QString role = sql(QStringLiteral("SELECT session_user")).toString();
        QVERIFY(!role.isEmpty());
        sql(QStringLiteral("UPDATE feature_flags SET value = '7' WHERE key = '%1'").arg(key));

        const auto found = repository().find(key);
        QVERIFY2(found && *found, qPrintable(describe(found)));
        QCOMPARE((*found)->value, QJsonValue(7));
        QCOMPARE((*found)->updatedBy, QStringLiteral("sql:") + role);
        QVERIFY2((*found)->version > created->flag.version, "psql's change gets a new version");
        const auto page = repository().history(key, 1, 0);
        QVERIFY2(page && !page->changes.isEmpty(), qPrintable(describe(page)));
        QCOMPARE(page->changes.at(0).changedBy, QStringLiteral("sql:") + role);
        QCOMPARE(page->changes.at(0).oldValue, QJsonValue(1));
        QCOMPARE(page->changes.at(0).newValue, QJsonValue(7));
    }

    void twoConcurrentCreatesOfOneKeyBothSucceed()
    {
        const QString key = QStringLiteral("repo.race");
        // A third session inserts the key and keeps its transaction open, so both
        // puts reach their INSERT and wait on the unique index; when it rolls
        // back, one of them inserts and the other must take the update path.
        const DatabaseSettings settings = DatabaseSettings::fromUrl(QUrl(m_url));
        DatabaseSession blocker(settings, QStringLiteral("flag-race-blocker"));
        QVERIFY2(blocker.ensureOpen(), qPrintable(blocker.lastError()));
        QSqlQuery block(blocker.database());
        QVERIFY(block.exec(QStringLiteral("BEGIN")));
        QVERIFY2(block.exec(QStringLiteral("INSERT INTO feature_flags (key, value) "
                                           "VALUES ('%1', '0')")
                                .arg(key)),
                 qPrintable(block.lastError().text()));

        std::optional<Result<FlagRepository::Put>> results[2];
        auto writer = [&](int index) {
            DatabaseSession session(settings, QStringLiteral("flag-race-%1").arg(index));
            results[index] = FlagRepository(session).put(
                key, index + 1, QStringLiteral("writer%1").arg(index), std::nullopt);
        };
        {
            // Joined however this block is left (a failed QTRY returns early).
            struct Joined
            {
                std::thread thread;
                QSqlQuery *block;
                bool *blocking;
                ~Joined()
                {
                    if (*blocking)
                        block->exec(QStringLiteral("ROLLBACK"));
                    *blocking = false;
                    thread.join();
                }
            };
            bool blocking = true;
            Joined first{std::thread(writer, 0), &block, &blocking};
            Joined second{std::thread(writer, 1), &block, &blocking};
            // Both wait on the blocker's lock before it lets go.
            QTRY_COMPARE_WITH_TIMEOUT(
                sql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                   "current_database() AND wait_event_type = 'Lock'"))
                    .toInt(),
                2, 8000);
            QVERIFY(block.exec(QStringLiteral("ROLLBACK")));
            blocking = false;
        }

        QStringList outcomes;
        for (const auto &result : results) {
            QVERIFY(result.has_value());
            QVERIFY2(*result, qPrintable(describe(*result)));
            outcomes << outcomeName((*result)->outcome);
        }
        outcomes.sort();
        QCOMPARE(outcomes, (QStringList{QStringLiteral("created"), QStringLiteral("updated")}));
        QCOMPARE(historyRows(key), 2);
        const auto found = repository().find(key);
        QVERIFY2(found && *found, qPrintable(describe(found)));
        const auto &later = (*results[0])->outcome == FlagRepository::PutOutcome::Updated
                                ? *results[0]
                                : *results[1];
        QCOMPARE((*found)->value, later->flag.value); // the update is what stays
    }

    void theCheckConstraintRefusesABadBuiltInWrittenDirectly()
    {
        QSqlQuery query(TestDatabase::open(m_url));
        QVERIFY2(!query.exec(QStringLiteral("INSERT INTO feature_flags (key, value) "
                                            "VALUES ('booking.hold_seconds', '5')")),
                 "a hold of 5 s should be refused by the CHECK constraint");
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("23514"));
        QVERIFY(!repository().find(QStringLiteral("booking.hold_seconds")).value().has_value());
        QCOMPARE(historyRows(QStringLiteral("booking.hold_seconds")), 0);

        // Through the repository, the database's words come back as a refusal.
        const auto put = repository().put(QStringLiteral("sales.paused"), QStringLiteral("yes"),
                                          kAdmin, std::nullopt);
        QVERIFY2(!put, "a string for sales.paused should be refused");
        QCOMPARE(put.error().code, ErrorCode::InvalidFlagValue);
        QCOMPARE(put.error().message, QStringLiteral("sales.paused must be true or false."));
    }

    void listIsSortedByKey()
    {
        const auto flags = repository().list();
        QVERIFY2(flags, qPrintable(describe(flags)));
        QVERIFY(flags->size() >= 3);
        for (qsizetype i = 1; i < flags->size(); ++i)
            QVERIFY2(
                flags->at(i - 1).key < flags->at(i).key,
                qPrintable(flags->at(i - 1).key + QStringLiteral(" before ") + flags->at(i).key));
    }
};

QTEST_GUILESS_MAIN(TestFlagRepository)
#include "tst_flagrepository.moc"
