// Answers that come late must not overwrite newer ones on the Flags page: a
// preview asked for an earlier draft, a flags list asked before a save (it does
// not have the saved flag yet), and a list asked before the token was taken
// away. A relay between the widgets' API client and the real server holds the
// chosen answers back until the test lets them through.
#include "guitestsupport.h"

#include "answerdroppingrelay.h"
#include "apiclient.h"
#include "flageditordialog.h"
#include "flagpreviewpanel.h"
#include "flagsmodel.h"
#include "flagsview.h"
#include "serverprocess.h"
#include "showsmodel.h"

#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
const QByteArray kListRequest = "GET /admin/flags HTTP";
}

class TestFlagPageStaleAnswers : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;

    void connectThrough(ApiClient &api, const AnswerDroppingRelay &relay)
    {
        api.setBaseUrl(relay.url());
        api.setToken(m_server.adminToken());
        api.setTimeout(60000); // a held answer is late on purpose, not lost
    }

    static bool putFlag(ApiClient &api, const QString &key, const QJsonValue &value)
    {
        std::optional<Result<Api::FeatureFlag>> outcome;
        QObject context;
        api.putFlag(key, value, std::nullopt, &context,
                    [&outcome](const Result<Api::FeatureFlag> &r) { outcome = r; });
        return QTest::qWaitFor([&] { return outcome.has_value(); }, 20000) && outcome->ok();
    }

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void previewShowsOnlyTheNewestAnswer()
    {
        AnswerDroppingRelay relay(m_server.port());
        ApiClient api;
        connectThrough(api, relay);
        FlagPreviewPanel panel(&api);
        panel.show();
        QPushButton *generate = nullptr;
        FIND_CHILD(generate, &panel, "previewGenerateButton");
        QPushButton *preview = nullptr;
        FIND_CHILD(preview, &panel, "previewButton");
        QLabel *summary = nullptr;
        FIND_CHILD(summary, &panel, "previewSummary");
        QTableView *table = nullptr;
        FIND_CHILD(table, &panel, "previewTable");
        QTest::mouseClick(generate, Qt::LeftButton);
        const QString key = QStringLiteral("preview.race");

        // The preview of the first draft reaches the server; its answer is held back.
        panel.setDraft(key, QJsonObject{{QStringLiteral("percent"), 10}});
        relay.setHoldingAnswersTo("POST /admin/flags/preview.race/preview ");
        QTest::mouseClick(preview, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(relay.heldAnswers(), 1, 20000);
        relay.setHoldingAnswersTo({});

        // A keystroke later the draft is another one, and Preview can be asked again.
        panel.setDraft(key, QJsonObject{{QStringLiteral("percent"), 90}});
        QVERIFY2(preview->isEnabled(), "Preview is enabled for the new draft");
        QTest::mouseClick(preview, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("(rollout 90 %)")), 20000);
        const QString newest = summary->text();

        // The first answer arrives last: it is not shown.
        relay.releaseHeldAnswers();
        QTRY_COMPARE_WITH_TIMEOUT(api.pendingRequests(), 0, 30000);
        QVERIFY2(
            summary->text() == newest,
            qPrintable(QStringLiteral("expected \"%1\", saw \"%2\"").arg(newest, summary->text())));
        QCOMPARE(table->model()->rowCount(), 200);
        QVERIFY(preview->isEnabled());
    }

    void listAskedBeforeASaveDoesNotHideTheSavedFlag()
    {
        AnswerDroppingRelay relay(m_server.port());
        ApiClient api;
        connectThrough(api, relay);
        QVERIFY(putFlag(api, QStringLiteral("listed.before"), true));
        ShowsModel shows;
        FlagsView view(&api, &shows);
        view.resize(1000, 600);
        view.show();

        // A list (without the flag about to be saved) is on its way, late.
        relay.setHoldingAnswersTo(kListRequest);
        view.setAdminEnabled(true);
        QTRY_VERIFY_WITH_TIMEOUT(relay.heldAnswers() >= 1, 20000);
        relay.setHoldingAnswersTo({});

        QPushButton *newFlag = nullptr;
        FIND_CHILD(newFlag, &view, "newFlagButton");
        QTest::mouseClick(newFlag, Qt::LeftButton);
        FlagEditorDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = view.findChild<FlagEditorDialog *>(
                                      QStringLiteral("flagEditorDialog"))) != nullptr,
                                 5000);
        QLineEdit *key = nullptr;
        FIND_CHILD(key, dialog, "flagKey");
        QPlainTextEdit *value = nullptr;
        FIND_CHILD(value, dialog, "flagValue");
        QPushButton *save = nullptr;
        FIND_CHILD(save, dialog, "flagSaveButton");
        QTest::keyClicks(key, QStringLiteral("saved.meanwhile"));
        value->setFocus();
        value->selectAll();
        QTest::keyClick(value, Qt::Key_Delete);
        QTest::keyClicks(value, QStringLiteral("true"));
        QTRY_VERIFY_WITH_TIMEOUT(save->isEnabled(), 5000);
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->flagByKey(QStringLiteral("saved.meanwhile")), 20000);

        // The old list arrives after the save: the saved flag stays listed.
        relay.releaseHeldAnswers();
        QTRY_COMPARE_WITH_TIMEOUT(api.pendingRequests(), 0, 30000);
        const auto saved = view.model()->flagByKey(QStringLiteral("saved.meanwhile"));
        QVERIFY2(saved.has_value(),
                 "expected saved.meanwhile in the table, saw it gone after the old list");
        QVERIFY(saved->isStored());
        QVERIFY(view.model()->flagByKey(QStringLiteral("listed.before")).has_value());
    }

    void listAskedBeforeTheTokenWentDoesNotFillTheTable()
    {
        AnswerDroppingRelay relay(m_server.port());
        ApiClient api;
        connectThrough(api, relay);
        QVERIFY(putFlag(api, QStringLiteral("listed.for.admin"), 3));
        ShowsModel shows;
        FlagsView view(&api, &shows);

        relay.setHoldingAnswersTo(kListRequest);
        view.setAdminEnabled(true);
        QTRY_VERIFY_WITH_TIMEOUT(relay.heldAnswers() >= 1, 20000);
        relay.setHoldingAnswersTo({});

        // The token is taken away (as MainWindow does on a connection change).
        api.setToken({});
        view.setAdminEnabled(false);
        QCOMPARE(view.model()->rowCount(), 0);
        relay.releaseHeldAnswers();
        QTRY_COMPARE_WITH_TIMEOUT(api.pendingRequests(), 0, 30000);
        QVERIFY2(view.model()->rowCount() == 0,
                 qPrintable(QStringLiteral("expected an empty table without a token, saw %1 rows")
                                .arg(view.model()->rowCount())));

        // With the token back, the list comes back.
        api.setToken(m_server.adminToken());
        view.setAdminEnabled(true);
        QTRY_VERIFY_WITH_TIMEOUT(
            view.model()->flagByKey(QStringLiteral("listed.for.admin")).has_value(), 20000);
    }
};

QTEST_MAIN(TestFlagPageStaleAnswers)
#include "tst_flagpagestaleanswers.moc"
