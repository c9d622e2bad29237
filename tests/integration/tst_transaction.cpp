// The transaction guard: work is durable only after commit() succeeded; an
// early return, a failed statement or a lost connection leaves nothing behind.
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "db/sqlrunner.h"
#include "db/transaction.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

class TestTransaction : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    std::unique_ptr<DatabaseSession> m_session;

    // Rows with this tag, as seen from another connection (so only committed ones).
    int committedRows(const QString &tag)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (!query.exec(QStringLiteral("SELECT count(*) FROM items WHERE tag = '%1'").arg(tag)) ||
            !query.next())
            return -1;
        return query.value(0).toInt();
    }

    bool insert(const QString &tag)
    {
        SqlRunner sql(*m_session);
        return sql.exec(QStringLiteral("INSERT INTO items (tag) VALUES (?::text)"), {tag},
                        SqlRunner::Kind::Write) != nullptr;
    }

    // Returns before committing, as code that meets an error half-way does.
    bool insertTwiceButGiveUp(const QString &tag)
    {
        Transaction transaction(*m_session);
        if (!transaction.isActive() || !insert(tag))
            return false;
        if (!m_session->inTransaction())
            return false;
        if (insert(tag))
            return false; // the early return: no commit()
        return transaction.commit();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QVERIFY2(query.exec(QStringLiteral("CREATE TABLE items (id serial PRIMARY KEY, tag text)")),
                 qPrintable(query.lastError().text()));
        m_session = std::make_unique<DatabaseSession>(
            DatabaseSettings::fromUrl(QUrl(m_databaseUrl)), QStringLiteral("tst_transaction"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void cleanupTestCase() { m_session.reset(); }

    void earlyReturnRollsBack()
    {
        QVERIFY(!insertTwiceButGiveUp(QStringLiteral("early")));
        QVERIFY2(!m_session->inTransaction(), "the session should be out of the transaction");
        QCOMPARE(committedRows(QStringLiteral("early")), 0);
        // The session is usable again, outside any transaction.
        QVERIFY(insert(QStringLiteral("after-early")));
        QCOMPARE(committedRows(QStringLiteral("after-early")), 1);
    }

    void commitPersists()
    {
        {
            Transaction transaction(*m_session);
            QVERIFY2(transaction.isActive(), qPrintable(transaction.errorText()));
            QVERIFY(insert(QStringLiteral("kept")));
            QVERIFY(insert(QStringLiteral("kept")));
            QCOMPARE(committedRows(QStringLiteral("kept")), 0); // not visible before COMMIT
            QVERIFY2(transaction.commit(), qPrintable(transaction.errorText()));
            QVERIFY(!transaction.isActive());
        }
        QCOMPARE(committedRows(QStringLiteral("kept")), 2);
    }

    void failedStatementMakesCommitFailAndNothingPersists()
    {
        Transaction transaction(*m_session);
        QVERIFY2(transaction.isActive(), qPrintable(transaction.errorText()));
        QVERIFY(insert(QStringLiteral("doomed")));
        SqlRunner sql(*m_session);
        QVERIFY2(!sql.exec(QStringLiteral("SELECT 1 / 0"), {}, SqlRunner::Kind::Read),
                 "division by zero should fail");
        // Ignoring the failure and committing anyway must not report success.
        QVERIFY2(!transaction.commit(), "commit after a failed statement should fail");
        QVERIFY(!transaction.errorText().isEmpty());
        QCOMPARE(committedRows(QStringLiteral("doomed")), 0);
        QVERIFY(insert(QStringLiteral("after-doomed")));
        QCOMPARE(committedRows(QStringLiteral("after-doomed")), 1);
    }

    void lostConnectionIsNotReopenedInsideTheTransaction()
    {
        SqlRunner sql(*m_session);
        QSqlQuery *pid =
            sql.exec(QStringLiteral("SELECT pg_backend_pid()"), {}, SqlRunner::Kind::Read);
        QVERIFY(pid && pid->next());
        const int backend = pid->value(0).toInt();
        {
            Transaction transaction(*m_session);
            QVERIFY2(transaction.isActive(), qPrintable(transaction.errorText()));
            QVERIFY(insert(QStringLiteral("lost")));
            QSqlQuery kill(TestDatabase::open(m_databaseUrl));
            QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend)));
            // On a silently reopened connection this insert would commit on its own.
            QVERIFY2(!insert(QStringLiteral("lost")), "a statement after the loss should fail");
            // The session is closed now; a reopened connection would take this
            // insert outside any transaction and commit it on its own.
            QVERIFY2(!insert(QStringLiteral("lost")), "the session should not reconnect mid-way");
            QVERIFY2(!transaction.commit(), "commit after a lost connection should fail");
        }
        QCOMPARE(committedRows(QStringLiteral("lost")), 0);
        // Outside the guard the session reconnects as usual.
        QVERIFY(insert(QStringLiteral("after-lost")));
        QCOMPARE(committedRows(QStringLiteral("after-lost")), 1);
    }

    void bareConnectionRollsBackUnlessCommitted()
    {
        QSqlDatabase db = m_session->database();
        {
            Transaction transaction(db);
            QVERIFY2(transaction.isActive(), qPrintable(transaction.errorText()));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("INSERT INTO items (tag) VALUES ('bare')")));
        }
        QCOMPARE(committedRows(QStringLiteral("bare")), 0);
        {
            Transaction transaction(db);
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("INSERT INTO items (tag) VALUES ('bare')")));
            QVERIFY2(transaction.commit(), qPrintable(transaction.errorText()));
        }
        QCOMPARE(committedRows(QStringLiteral("bare")), 1);
    }
};

QTEST_GUILESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
