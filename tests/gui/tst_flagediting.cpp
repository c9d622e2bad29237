// The Flags page through the real widgets against the real server: create a
// flag in the editor (a JSON mistake shows its line and column and disables
// Save), set a rollout with the slider, preview 200 generated subjects and
// check the count against what GET /flags/evaluate gives each of them, save,
// see it in the table and its history, lose a race with another admin (412 →
// reload), and delete it after a confirmation that names the key.
#include "guitestsupport.h"

#include "apiclient.h"
#include "connectionmonitor.h"
#include "flageditordialog.h"
#include "flaghistorydialog.h"
#include "flaghistorymodel.h"
#include "flagsmodel.h"
#include "flagsview.h"
#include "mainwindow.h"
#include "serverprocess.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
const QString kKey = QStringLiteral("checkout_v2");

// Waits for one answer of the window's API client.
template <typename T, typename Call> std::optional<Result<T>> awaitAnswer(Call call)
{
    std::optional<Result<T>> outcome;
    QObject context;
    call(&context, [&outcome](const Result<T> &r) { outcome = r; });
    QTest::qWaitFor([&] { return outcome.has_value(); }, 30000);
    return outcome;
}

// Replaces the text of the JSON field the way a person would: select all, type.
void typeJson(QPlainTextEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}
} // namespace

class TestFlagEditing : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_dir;

    static FlagEditorDialog *openEditor(MainWindow &window, const char *button)
    {
        QPushButton *open = window.findChild<QPushButton *>(QLatin1String(button));
        if (!open || !open->isEnabled())
            return nullptr;
        QTest::mouseClick(open, Qt::LeftButton);
        FlagEditorDialog *dialog = nullptr;
        QTest::qWaitFor([&] {
            return (dialog = window.findChild<FlagEditorDialog *>(
                        QStringLiteral("flagEditorDialog"))) != nullptr;
        });
        return dialog;
    }

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void createPreviewSaveHistoryDelete()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);
        FlagsView *flags = nullptr;
        FIND_CHILD(flags, window.get(), "flagsView");
        QTabWidget *tabs = nullptr;
        FIND_CHILD(tabs, window.get(), "mainTabs");
        QVERIFY2(tabs->isTabVisible(tabs->indexOf(flags)), "the Flags tab is shown with a token");
        window->showFlags();
        QCOMPARE(tabs->currentWidget(), flags);

        QPointer<FlagEditorDialog> dialog = openEditor(*window, "newFlagButton");
        QVERIFY2(dialog, "New flag… opens the editor");
        QLineEdit *key = nullptr;
        FIND_CHILD(key, dialog.data(), "flagKey");
        QPlainTextEdit *value = nullptr;
        FIND_CHILD(value, dialog.data(), "flagValue");
        QLabel *valueError = nullptr;
        FIND_CHILD(valueError, dialog.data(), "flagValueError");
        QPushButton *save = nullptr;
        FIND_CHILD(save, dialog.data(), "flagSaveButton");
        QSlider *slider = nullptr;
        FIND_CHILD(slider, dialog.data(), "flagRolloutSlider");
        QDoubleSpinBox *percent = nullptr;
        FIND_CHILD(percent, dialog.data(), "flagRolloutPercent");

        // Characters outside the key rule are refused as they are typed.
        QTest::keyClicks(key, QStringLiteral("Checkout V2"));
        QCOMPARE(key->text(), QStringLiteral("heckout2"));
        key->clear();
        QTest::keyClicks(key, kKey);
        QCOMPARE(key->text(), kKey);

        // A missing comma: where it is, and no Save.
        typeJson(value, QStringLiteral(R"({"variant": "b" "percent": 0})"));
        // The second string starts at column 17; the parser may stop just before it.
        static const QRegularExpression where(QStringLiteral(R"(^Line 1, column (\d+): )"));
        const auto at = where.match(valueError->text());
        QVERIFY2(at.hasMatch() && at.captured(1).toInt() >= 15 && at.captured(1).toInt() <= 18,
                 qPrintable(QStringLiteral("expected the error at line 1, column 15..18, saw: ") +
                            valueError->text()));
        QVERIFY(!save->isEnabled());
        typeJson(value, QStringLiteral(R"({"variant": "b", "percent": 0})"));
        QCOMPARE(valueError->text(), QString());
        QVERIFY(save->isEnabled());

        // The slider writes the percent into the JSON and the spin box follows.
        QVERIFY(slider->isEnabled());
        slider->setFocus();
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(slider, Qt::Key_PageUp); // 5 × 5 %
        QCOMPARE(slider->value(), 250);
        QCOMPARE(percent->value(), 25.0);
        QVERIFY2(value->toPlainText().contains(QStringLiteral("\"percent\": 25")),
                 qPrintable(value->toPlainText()));
        // And the other way: the spin box moves the slider.
        percent->setValue(37.5);
        QCOMPARE(slider->value(), 375);
        QVERIFY2(value->toPlainText().contains(QStringLiteral("\"percent\": 37.5")),
                 qPrintable(value->toPlainText()));

        // Preview 200 generated subjects against the draft (nothing stored yet).
        QSpinBox *count = nullptr;
        FIND_CHILD(count, dialog.data(), "previewCount");
        QPushButton *generate = nullptr;
        FIND_CHILD(generate, dialog.data(), "previewGenerateButton");
        QPlainTextEdit *subjects = nullptr;
        FIND_CHILD(subjects, dialog.data(), "previewSubjects");
        QPushButton *preview = nullptr;
        FIND_CHILD(preview, dialog.data(), "previewButton");
        QLabel *summary = nullptr;
        FIND_CHILD(summary, dialog.data(), "previewSummary");
        QTableView *previewTable = nullptr;
        FIND_CHILD(previewTable, dialog.data(), "previewTable");
        count->setValue(200);
        QTest::mouseClick(generate, Qt::LeftButton);
        QCOMPARE(subjects->toPlainText().split(QLatin1Char('\n')).size(), 200);
        QTest::mouseClick(preview, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().startsWith(QStringLiteral("inside:")), 20000);
        static const QRegularExpression shape(QStringLiteral(R"(^inside: (\d+) of (\d+))"));
        const auto match = shape.match(summary->text());
        QVERIFY2(match.hasMatch(), qPrintable(summary->text()));
        const int inside = match.captured(1).toInt();
        QCOMPARE(match.captured(2).toInt(), 200);
        QCOMPARE(previewTable->model()->rowCount(), 200);
        // 37.5 % of 200 is 75 on average; a hash that put nearly all in or out is broken.
        QVERIFY2(inside > 30 && inside < 130, qPrintable(summary->text()));

        // Save; the dialog closes and the table shows the flag.
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(flags->model()->flagByKey(kKey).has_value(), 20000);
        const Api::FeatureFlag stored = *flags->model()->flagByKey(kKey);
        QCOMPARE(stored.percent.value_or(-1), 37.5);
        QVERIFY2(stored.version > 0, qPrintable(QString::number(stored.version)));
        QCOMPARE(flags->selectedFlag()->key, kKey);

        // What the preview said is what the server now gives each subject.
        int evaluatedInside = 0;
        for (int i = 1; i <= 200; ++i) {
            const auto values = awaitAnswer<QJsonObject>([&](QObject *c, auto cb) {
                window->api()->evaluateFlags(QStringLiteral("customer-%1").arg(i), c, cb);
            });
            QVERIFY2(values && values->ok(), "GET /flags/evaluate answers");
            if ((*values)->contains(kKey))
                ++evaluatedInside;
        }
        QCOMPARE(inside, evaluatedInside);

        // History shows the creation.
        QPushButton *historyButton = nullptr;
        FIND_CHILD(historyButton, window.get(), "flagHistoryButton");
        QTest::mouseClick(historyButton, Qt::LeftButton);
        FlagHistoryDialog *history = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((history = window->findChild<FlagHistoryDialog *>()) != nullptr,
                                 5000);
        QTRY_COMPARE_WITH_TIMEOUT(history->model()->rowCount(), 1, 20000);
        const QString change =
            history->model()->index(0, FlagHistoryModel::ChangeColumn).data().toString();
        QVERIFY2(change.startsWith(QStringLiteral("(none) → {")) && change.contains("37.5"),
                 qPrintable(change));
        QCOMPARE(history->model()->index(0, FlagHistoryModel::ActionColumn).data().toString(),
                 QStringLiteral("created"));
        QCOMPARE(history->model()->index(0, FlagHistoryModel::WhoColumn).data().toString(),
                 QStringLiteral("bootstrap-admin"));
        history->close();
        delete history;

        // Delete: the question names the key; the row goes, and so does the flag.
        QPushButton *deleteButton = nullptr;
        FIND_CHILD(deleteButton, window.get(), "deleteFlagButton");
        QVERIFY(deleteButton->isEnabled());
        QTest::mouseClick(deleteButton, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = window->findChild<QMessageBox *>(
                                      QStringLiteral("deleteFlagConfirmation"))) != nullptr,
                                 5000);
        QVERIFY2(box->text().contains(kKey), qPrintable(box->text()));
        auto *yes = box->findChild<QPushButton *>(QStringLiteral("confirmDeleteFlag"));
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!flags->model()->flagByKey(kKey).has_value(), 20000);
        const auto gone = awaitAnswer<Api::FeatureFlag>(
            [&](QObject *c, auto cb) { window->api()->fetchFlag(kKey, c, cb); });
        QVERIFY(gone && !gone->ok());
        QCOMPARE(gone->error().code, ErrorCode::FlagNotFound);
    }

    void saveAfterSomeoneElseChangedOffersToReload()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const QString key = QStringLiteral("race.winner");
        QVERIFY(awaitAnswer<Api::FeatureFlag>([&](QObject *c, auto cb) {
                    window->api()->putFlag(key, 1, std::nullopt, c, cb);
                })->ok());
        window->showFlags();
        FlagsView *flags = nullptr;
        FIND_CHILD(flags, window.get(), "flagsView");
        flags->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(flags->model()->flagByKey(key).has_value(), 20000);
        flags->selectFlag(key);

        QPointer<FlagEditorDialog> dialog = openEditor(*window, "editFlagButton");
        QVERIFY2(dialog, "Edit… opens the editor");
        QPlainTextEdit *value = nullptr;
        FIND_CHILD(value, dialog.data(), "flagValue");
        QLineEdit *keyField = nullptr;
        FIND_CHILD(keyField, dialog.data(), "flagKey");
        QCOMPARE(value->toPlainText(), QStringLiteral("1"));
        QVERIFY(keyField->isReadOnly());

        // Another admin saves first (versions come from one sequence for all flags).
        const auto theirs = awaitAnswer<Api::FeatureFlag>(
            [&](QObject *c, auto cb) { window->api()->putFlag(key, 2, std::nullopt, c, cb); });
        QVERIFY(theirs && theirs->ok());
        const qint64 theirVersion = (*theirs)->version;
        typeJson(value, QStringLiteral("3"));
        QPushButton *save = nullptr;
        FIND_CHILD(save, dialog.data(), "flagSaveButton");
        QTest::mouseClick(save, Qt::LeftButton);
        QMessageBox *conflict = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((conflict = dialog->findChild<QMessageBox *>(
                                      QStringLiteral("flagConflictQuestion"))) != nullptr,
                                 20000);
        QVERIFY2(conflict->text().contains(QStringLiteral("version %1").arg(theirVersion)),
                 qPrintable(conflict->text()));
        auto *reload = conflict->findChild<QPushButton *>(QStringLiteral("flagConflictReload"));
        QVERIFY(reload);
        QTest::mouseClick(reload, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(value->toPlainText(), QStringLiteral("2"), 20000);

        // Now against the version just loaded, it saves.
        typeJson(value, QStringLiteral("4"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(flags->model()->flagByKey(key)->version > theirVersion, 20000);
        QCOMPARE(flags->model()->flagByKey(key)->effective.toInt(), 4);
    }

    void newOnAnExistingKeyDoesNotOverwriteIt()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const QString key = QStringLiteral("already.there");
        QVERIFY(awaitAnswer<Api::FeatureFlag>([&](QObject *c, auto cb) {
                    window->api()->putFlag(key, 1, std::nullopt, c, cb);
                })->ok());
        window->showFlags();
        QPointer<FlagEditorDialog> dialog = openEditor(*window, "newFlagButton");
        QVERIFY2(dialog, "New flag… opens the editor");
        QLineEdit *keyField = nullptr;
        FIND_CHILD(keyField, dialog.data(), "flagKey");
        QPlainTextEdit *value = nullptr;
        FIND_CHILD(value, dialog.data(), "flagValue");
        QPushButton *save = nullptr;
        FIND_CHILD(save, dialog.data(), "flagSaveButton");
        QTest::keyClicks(keyField, key);
        typeJson(value, QStringLiteral("2"));
        QTest::mouseClick(save, Qt::LeftButton);
        QMessageBox *conflict = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((conflict = dialog->findChild<QMessageBox *>(
                                      QStringLiteral("flagConflictQuestion"))) != nullptr,
                                 20000);
        QVERIFY2(conflict->text().contains(QStringLiteral("already exists")),
                 qPrintable(conflict->text()));
        const auto stored = awaitAnswer<Api::FeatureFlag>(
            [&](QObject *c, auto cb) { window->api()->fetchFlag(key, c, cb); });
        QVERIFY(stored && stored->ok());
        QCOMPARE((*stored)->effective.toInt(), 1); // not overwritten
        // Reload turns the dialog into an edit of the flag that is there.
        auto *reload = conflict->findChild<QPushButton *>(QStringLiteral("flagConflictReload"));
        QVERIFY(reload);
        QTest::mouseClick(reload, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(value->toPlainText(), QStringLiteral("1"), 20000);
        QVERIFY(keyField->isReadOnly());
        dialog->reject();
    }
};

QTEST_MAIN(TestFlagEditing)
#include "tst_flagediting.moc"
