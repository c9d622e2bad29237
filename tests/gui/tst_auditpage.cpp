// The Audit page through its real widgets against the real server: shown, it
// lists the audit log newest first; an action typed into the filter narrows
// the rows to that action; "Load more" appends the next page through the
// server's cursor until there is none; a malformed time is refused on the
// page without asking the server.
#include "guitestsupport.h"

#include "apiclient.h"
#include "auditmodel.h"
#include "auditpage.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

class TestAuditPage : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_databaseUrl;
    QTemporaryDir m_dir;
    std::unique_ptr<Window> m_window;

    qint64 sqlCount(const QString &where)
    {
        return TestDatabase::integer(m_databaseUrl,
                                     QStringLiteral("SELECT count(*) FROM audit_log") + where);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = startServer(m_server, {}, &m_databaseUrl);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_window = std::make_unique<Window>(openWindow(m_dir, m_server));
        QVERIFY(m_window->window);
        // Seven shows (seven show.create rows), one of them renamed and cancelled.
        Show renamed;
        for (int i = 0; i < 7; ++i) {
            renamed = createShow(*m_window->window, QStringLiteral("Audit %1").arg(i), 5);
            QVERIFY2(renamed.id > 0, "creating a show through the API client");
        }
        ApiClient *api = m_window->window->api();
        bool done = false;
        QObject context;
        api->cancelShow(renamed.id, &context,
                        [&done](const Result<ShowCancellation> &result) { done = bool(result); });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QCOMPARE(sqlCount(" WHERE action = 'show.create'"), 7);
        QCOMPARE(sqlCount(" WHERE action = 'show.cancel'"), 1);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
    }

    void showingThePageListsTheLogNewestFirst()
    {
        AuditPage page(*m_window->window->api());
        QTableView *table = nullptr;
        FIND_CHILD(table, &page, "auditTable");
        page.show();
        const qint64 total = sqlCount(QString());
        QTRY_COMPARE_WITH_TIMEOUT(qint64(table->model()->rowCount()), total, 30000);
        AuditModel *model = page.model();
        QCOMPARE(model->entryAt(0).action, QStringLiteral("show.cancel"));
        QCOMPARE(model->index(0, AuditModel::ActorColumn).data().toString(),
                 QStringLiteral("bootstrap-admin"));
        QVERIFY2(model->index(0, AuditModel::ChangeColumn).data().toString().contains("CANCELLED"),
                 qPrintable(model->index(0, AuditModel::ChangeColumn).data().toString()));
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY2(model->entryAt(row).id < model->entryAt(row - 1).id, "newest first");
        QPushButton *more = nullptr;
        FIND_CHILD(more, &page, "auditLoadMore");
        QVERIFY2(!more->isEnabled(), "everything fits one page: nothing more to load");
    }

    void filteringByActionNarrowsTheRows()
    {
        AuditPage page(*m_window->window->api());
        QComboBox *action = nullptr;
        QPushButton *search = nullptr;
        QPushButton *more = nullptr;
        QTableView *table = nullptr;
        FIND_CHILD(action, &page, "auditAction");
        FIND_CHILD(search, &page, "auditSearch");
        FIND_CHILD(more, &page, "auditLoadMore");
        FIND_CHILD(table, &page, "auditTable");
        page.show();
        const qint64 total = sqlCount(QString());
        QTRY_COMPARE_WITH_TIMEOUT(qint64(table->model()->rowCount()), total, 30000);

        action->setCurrentText(QStringLiteral("show.create"));
        QTest::mouseClick(search, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 7, 30000);
        for (int row = 0; row < page.model()->rowCount(); ++row)
            QCOMPARE(page.model()->entryAt(row).action, QStringLiteral("show.create"));
        QVERIFY2(!more->isEnabled(), "seven rows fit one page");
    }

    void loadMoreAppendsTheNextPageUntilTheEnd()
    {
        AuditPage page(*m_window->window->api());
        QComboBox *action = nullptr;
        QPushButton *more = nullptr;
        QTableView *table = nullptr;
        FIND_CHILD(action, &page, "auditAction");
        FIND_CHILD(more, &page, "auditLoadMore");
        FIND_CHILD(table, &page, "auditTable");
        // A long log in miniature: three rows a page instead of a hundred.
        page.setPageSize(3);
        action->setCurrentText(QStringLiteral("show.create"));
        page.show();
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(more->isEnabled(), 30000);
        QTest::mouseClick(more, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 6, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(more->isEnabled(), 30000);
        QTest::mouseClick(more, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 7, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!more->isEnabled(), 30000);
        QSet<qint64> ids;
        for (int row = 0; row < page.model()->rowCount(); ++row) {
            ids.insert(page.model()->entryAt(row).id);
            if (row > 0)
                QVERIFY2(page.model()->entryAt(row).id < page.model()->entryAt(row - 1).id,
                         "pages continue newest first");
        }
        QCOMPARE(ids.size(), 7);
    }

    void aMalformedTimeIsRefusedOnThePage()
    {
        AuditPage page(*m_window->window->api());
        QLineEdit *since = nullptr;
        QPushButton *search = nullptr;
        QTableView *table = nullptr;
        QLabel *message = nullptr;
        FIND_CHILD(since, &page, "auditSince");
        FIND_CHILD(search, &page, "auditSearch");
        FIND_CHILD(table, &page, "auditTable");
        FIND_CHILD(message, &page, "auditMessage");
        page.show();
        const qint64 total = sqlCount(QString());
        QTRY_COMPARE_WITH_TIMEOUT(qint64(table->model()->rowCount()), total, 30000);
        since->setText(QStringLiteral("yesterday"));
        QTest::mouseClick(search, Qt::LeftButton);
        QVERIFY2(message->text().contains(QStringLiteral("yesterday")),
                 qPrintable("expected the refusal to name the text, seen: " + message->text()));
        QCOMPARE(m_window->window->api()->pendingRequests(), 0);
        QCOMPARE(qint64(table->model()->rowCount()), total);
    }
};

QTEST_MAIN(TestAuditPage)
#include "tst_auditpage.moc"
