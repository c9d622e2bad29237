// The client's side of feature flags without a server: strict decoding of the
// admin API's flag, history and preview bodies and of /config's sales pause;
// FlagsModel merging refreshes in place (selection survives, key order kept);
// FlagHistoryModel's "old → new"; the editor's JSON check with line and column;
// and a sales_paused refusal read as an answer to respect, not a transport failure.
#include "apierror.h"
#include "flagdraft.h"
#include "flaghistorymodel.h"
#include "flagresponsedecoder.h"
#include "flagsmodel.h"
#include "responsedecoder.h"
#include "salespausestate.h"
#include "usermessage.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using Api::FeatureFlag;
using Api::FlagChange;

namespace {
QByteArray flagJson(const QString &key, const QByteArray &value, qint64 version,
                    const QByteArray &extra = {})
{
    return QStringLiteral(R"({"key":"%1","value":%2,"effective":%2,"source":"database",)"
                          R"("environment_variable":null,"percent":null,"builtin":false,)"
                          R"("version":%3,"updated_at":"2026-12-01T17:35:05.633Z",)"
                          R"("updated_by":"admin"%4})")
        .arg(key, QString::fromUtf8(value))
        .arg(version)
        .arg(QString::fromUtf8(extra))
        .toUtf8();
}

QList<FeatureFlag> decodeFlags(const QList<QByteArray> &objects)
{
    QByteArray body = "[";
    for (const QByteArray &object : objects)
        body += object + (object == objects.last() ? "" : ",");
    body += "]";
    const auto flags = FlagResponseDecoder::flags(body);
    if (!flags) {
        qWarning() << "decoding failed:" << flags.error().message;
        return {};
    }
    return *flags;
}
} // namespace

class TestFlagsModel : public QObject
{
    Q_OBJECT

private slots:
    void decodesAFlagObject()
    {
        const auto flag = FlagResponseDecoder::flag(
            R"({"key":"ai:model","value":{"model":"claude-haiku-4.5","percent":1},)"
            R"("effective":{"model":"claude-4-mini"},"source":"environment",)"
            R"("environment_variable":"BOXOFFICE_FLAG_AI_MODEL","percent":null,"builtin":false,)"
            R"("version":7,"updated_at":"2026-12-01T17:35:05.633Z","updated_by":"admin"})");
        QVERIFY2(flag.ok(), flag.ok() ? "" : qPrintable(flag.error().message));
        QCOMPARE(flag->key, QStringLiteral("ai:model"));
        QCOMPARE(flag->value.toObject().value(QLatin1String("percent")).toInt(), 1);
        QCOMPARE(flag->effective.toObject().value(QLatin1String("model")).toString(),
                 QStringLiteral("claude-4-mini"));
        QCOMPARE(flag->source, FeatureFlag::Source::Environment);
        QCOMPARE(flag->environmentVariable, QStringLiteral("BOXOFFICE_FLAG_AI_MODEL"));
        QVERIFY(!flag->percent.has_value());
        QCOMPARE(flag->version, 7);
        QCOMPARE(flag->updatedAt, QDateTime(QDate(2026, 12, 1), QTime(17, 35, 5, 633), Qt::UTC));
        QCOMPARE(flag->updatedBy, QStringLiteral("admin"));

        // Environment-only: no stored value, version 0, no time, no author.
        const auto envOnly = FlagResponseDecoder::flag(
            R"({"key":"checkout_v2","value":null,"effective":true,"source":"environment",)"
            R"("environment_variable":"BOXOFFICE_FLAG_CHECKOUT_V2","percent":null,)"
            R"("builtin":false,"version":0,"updated_at":null,"updated_by":null})");
        QVERIFY(envOnly.ok());
        QVERIFY(!envOnly->isStored());
        QVERIFY(envOnly->value.isNull());
        QVERIFY(!envOnly->updatedAt.isValid());
    }

    void refusesFlagBodiesOfTheWrongShape_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not JSON") << QByteArray("{\"key\":");
        QTest::newRow("an array") << QByteArray("[]");
        QTest::newRow("no key") << flagJson(QString(), "1", 1);
        QTest::newRow("no value member") << QByteArray(R"({"key":"a","effective":1,)"
                                                       R"("source":"database","builtin":false,)"
                                                       R"("version":1})");
        QTest::newRow("unknown source")
            << flagJson(QStringLiteral("a"), "1", 1).replace("\"database\"", "\"cache\"");
        QTest::newRow("version as text")
            << flagJson(QStringLiteral("a"), "1", 1).replace("\"version\":1", "\"version\":\"1\"");
        QTest::newRow("negative version") << flagJson(QStringLiteral("a"), "1", -1);
        QTest::newRow("bad time") << flagJson(QStringLiteral("a"), "1", 1)
                                         .replace("2026-12-01T17:35:05.633Z", "yesterday");
        QTest::newRow("percent as text") << flagJson(QStringLiteral("a"), "1", 1)
                                                .replace("\"percent\":null", "\"percent\":\"5\"");
    }

    void refusesFlagBodiesOfTheWrongShape()
    {
        QFETCH(QByteArray, body);
        const auto flag = FlagResponseDecoder::flag(body);
        QVERIFY2(!flag.ok(), body.constData());
        QCOMPARE(ApiError::kind(flag.error()), ApiError::Kind::BadResponse);
        // One bad flag spoils the list: a half-read table would mislead.
        const auto list = FlagResponseDecoder::flags("[" + flagJson(QStringLiteral("ok"), "1", 1) +
                                                     "," + body + "]");
        QVERIFY(!list.ok());
    }

    void decodesHistoryAndPreview()
    {
        const auto history = FlagResponseDecoder::history(
            R"([{"id":3,"key":"k","action":"deleted","old_value":{"percent":5},"new_value":null,)"
            R"("changed_by":"admin","changed_at":"2026-12-01T17:36:00.000Z"},)"
            R"({"id":2,"key":"k","action":"updated","old_value":1,"new_value":{"percent":5},)"
            R"("changed_by":"admin","changed_at":"2026-12-01T17:35:30.000Z"},)"
            R"({"id":1,"key":"k","action":"created","old_value":null,"new_value":1,)"
            R"("changed_by":"","changed_at":"2026-12-01T17:35:00.000Z"}])");
        QVERIFY2(history.ok(), history.ok() ? "" : qPrintable(history.error().message));
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).action, FlagChange::Action::Deleted);
        QCOMPARE(history->at(2).action, FlagChange::Action::Created);
        QVERIFY(!FlagResponseDecoder::history(
                     R"([{"id":1,"key":"k","action":"renamed","old_value":null,"new_value":1,)"
                     R"("changed_by":"a","changed_at":"2026-12-01T17:35:00.000Z"}])")
                     .ok());

        FlagHistoryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setChanges(*history);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, FlagHistoryModel::ChangeColumn).data().toString(),
                 QStringLiteral("{\"percent\":5} → (deleted)"));
        QCOMPARE(model.index(1, FlagHistoryModel::ChangeColumn).data().toString(),
                 QStringLiteral("1 → {\"percent\":5}"));
        QCOMPARE(model.index(2, FlagHistoryModel::ChangeColumn).data().toString(),
                 QStringLiteral("(none) → 1"));
        QCOMPARE(model.index(2, FlagHistoryModel::ActionColumn).data().toString(),
                 QStringLiteral("created"));
        QCOMPARE(model.index(1, FlagHistoryModel::WhoColumn).data().toString(),
                 QStringLiteral("admin"));

        const auto preview = FlagResponseDecoder::preview(
            R"({"key":"k","percent":12.5,"subject_count":2,"inside_count":1,"subjects":[)"
            R"({"subject":"a","bucket":17,"inside":true,"value":{"x":1}},)"
            R"({"subject":"b","bucket":900,"inside":false,"value":null}]})");
        QVERIFY2(preview.ok(), preview.ok() ? "" : qPrintable(preview.error().message));
        QCOMPARE(preview->percent.value_or(-1), 12.5);
        QCOMPARE(preview->insideCount, 1);
        QCOMPARE(preview->subjects.at(1).bucket.value_or(-1), 900);
        QVERIFY(!preview->subjects.at(1).inside);
        QVERIFY(!FlagResponseDecoder::preview(
                     R"({"key":"k","percent":null,"subject_count":1,"inside_count":1,)"
                     R"("subjects":[{"subject":"a","bucket":null,"value":1}]})")
                     .ok()); // "inside" missing
    }

    void mergingKeepsTheSelectionAndKeyOrder()
    {
        FlagsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(&model);
        model.setFlags(decodeFlags({flagJson(QStringLiteral("alpha"), "1", 1),
                                    flagJson(QStringLiteral("gamma"), "true", 1)}));
        QCOMPARE(model.rowCount(), 2);
        selection.select(model.index(1, 0),
                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        // beta arrives between them, gamma changes, alpha stays as it was.
        model.setFlags(decodeFlags({flagJson(QStringLiteral("alpha"), "1", 1),
                                    flagJson(QStringLiteral("beta"), R"({"percent":12.5})", 1),
                                    flagJson(QStringLiteral("gamma"), "false", 2)}));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserts.count(), 1);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.flagAt(1).key, QStringLiteral("beta"));
        const QModelIndexList selected = selection.selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(FlagsModel::KeyRole).toString(), QStringLiteral("gamma"));
        QCOMPARE(model.index(2, FlagsModel::ValueColumn).data().toString(),
                 QStringLiteral("false"));
        QCOMPARE(model.index(0, FlagsModel::SourceColumn).data().toString(),
                 QStringLiteral("database"));
        QVERIFY(!model.index(0, FlagsModel::ChangedColumn).data().toString().isEmpty());
        QCOMPARE(model.index(0, FlagsModel::ChangedByColumn).data().toString(),
                 QStringLiteral("admin"));

        // The same list again: nothing moves, nothing signals.
        changes.clear();
        model.setFlags(decodeFlags({flagJson(QStringLiteral("alpha"), "1", 1),
                                    flagJson(QStringLiteral("beta"), R"({"percent":12.5})", 1),
                                    flagJson(QStringLiteral("gamma"), "false", 2)}));
        QCOMPARE(changes.count(), 0);

        // alpha vanishes; the selection follows gamma to its new row.
        model.setFlags(decodeFlags({flagJson(QStringLiteral("beta"), R"({"percent":12.5})", 1),
                                    flagJson(QStringLiteral("gamma"), "false", 2)}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(selection.selectedRows().first().row(), 1);
        QCOMPARE(model.rowOfFlag(QStringLiteral("alpha")), -1);
    }

    void showsRolloutAndEnvironment()
    {
        FlagsModel model;
        model.setFlags(decodeFlags(
            {flagJson(QStringLiteral("rollout"), R"({"model":"x","percent":12.5})", 3)
                 .replace("\"percent\":null", "\"percent\":12.5"),
             QByteArray(
                 R"({"key":"sales.paused","value":false,"effective":true,)"
                 R"("source":"environment","environment_variable":)"
                 R"("BOXOFFICE_FLAG_SALES_PAUSED","percent":null,"builtin":true,)"
                 R"("version":2,"updated_at":"2026-12-01T17:35:05.633Z","updated_by":"admin"})")}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, FlagsModel::ValueColumn).data().toString(),
                 QStringLiteral("{\"model\":\"x\",\"percent\":12.5}"));
        QVERIFY2(model.index(0, FlagsModel::PercentColumn)
                     .data()
                     .toString()
                     .startsWith(QStringLiteral("12.5")),
                 qPrintable(model.index(0, FlagsModel::PercentColumn).data().toString()));
        // The effective value is what the table shows: the environment's, not the stored one.
        QCOMPARE(model.index(1, FlagsModel::ValueColumn).data().toString(), QStringLiteral("true"));
        QVERIFY(model.index(1, FlagsModel::SourceColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("BOXOFFICE_FLAG_SALES_PAUSED")));
        QVERIFY(model.index(1, 0).data(FlagsModel::EnvironmentRole).toBool());
    }

    void configCarriesTheSalesPause()
    {
        const auto config = ResponseDecoder::config(
            R"({"hold_seconds":60,"max_seats_per_booking":4,"sales_paused":true,)"
            R"("paused_show_ids":[9,3]})");
        QVERIFY(config.ok());
        QVERIFY(config->salesPaused);
        QCOMPARE(config->pausedShowIds, (QList<qint64>{3, 9}));
        // A server from before issue 12 says nothing: nothing is paused.
        const auto older =
            ResponseDecoder::config(R"({"hold_seconds":60,"max_seats_per_booking":4})");
        QVERIFY(older.ok());
        QVERIFY(!older->salesPaused);
        QVERIFY(older->pausedShowIds.isEmpty());
        QVERIFY(!ResponseDecoder::config(
                     R"({"hold_seconds":60,"max_seats_per_booking":4,"sales_paused":"yes"})")
                     .ok());
        QVERIFY(!ResponseDecoder::config(
                     R"({"hold_seconds":60,"max_seats_per_booking":4,"paused_show_ids":[0]})")
                     .ok());
    }

    void salesPausedIsARefusalToRespect()
    {
        const DomainError all = ResponseDecoder::error(
            503, R"({"error":"Sales are paused: no new holds can be made.","code":"sales_paused",)"
                 R"("scope":"all"})");
        QCOMPARE(all.code, ErrorCode::SalesPaused);
        QCOMPARE(ApiError::kind(all), ApiError::Kind::Rejected);
        QVERIFY(!ApiError::isTransport(all)); // so a hold is not retried with the same key
        QCOMPARE(UserMessage::forHoldError(all, QStringLiteral("Carmen"), 2),
                 QStringLiteral("Sales are paused by the box-office manager."));

        const DomainError show = ResponseDecoder::error(
            503, R"({"error":"Sales for this show are paused.","code":"sales_paused",)"
                 R"("scope":"show","show_id":42})");
        QCOMPARE(ApiError::kind(show), ApiError::Kind::Rejected);
        QCOMPARE(UserMessage::forHoldError(show, QStringLiteral("Carmen"), 2),
                 QStringLiteral("Sales for Carmen are paused."));

        SalesPauseState state;
        Show carmen;
        carmen.id = 42;
        carmen.name = QStringLiteral("Carmen");
        Show hamlet;
        hamlet.id = 7;
        hamlet.name = QStringLiteral("Hamlet");
        QVERIFY(!state.reasonFor(carmen));
        QVERIFY(state.noteRefusal(show));
        QCOMPARE(state.reasonFor(carmen).value_or(QString()),
                 QStringLiteral("Sales for Carmen are paused."));
        QVERIFY(!state.reasonFor(hamlet)); // only that show
        QVERIFY(state.noteRefusal(all));
        QCOMPARE(state.reasonFor(hamlet).value_or(QString()),
                 QStringLiteral("Sales are paused by the box-office manager."));
        QVERIFY(!state.noteRefusal(DomainError{ErrorCode::NotEnoughSeats, {}, {}}));
    }

    void editorChecksJsonWithItsPosition()
    {
        const FlagDraft::Parsed good =
            FlagDraft::parseValue(QStringLiteral("{\n  \"percent\": 5\n}"));
        QVERIFY(good.value.has_value());
        QCOMPARE(FlagDraft::percentOf(*good.value).value_or(-1), 5.0);
        QVERIFY(FlagDraft::parseValue(QStringLiteral("120")).value->isDouble());
        QVERIFY(FlagDraft::parseValue(QStringLiteral("\"text\"")).value->isString());

        // A missing comma on line 2: the position points there, not at the start.
        const FlagDraft::Parsed bad =
            FlagDraft::parseValue(QStringLiteral("{\n  \"model\": \"x\" \"percent\": 5\n}"));
        QVERIFY(!bad.value.has_value());
        QCOMPARE(bad.line, 2);
        QVERIFY2(bad.column > 10, qPrintable(QString::number(bad.column)));
        QVERIFY(!bad.error.isEmpty());
        for (const QString &refused : {QStringLiteral("null"), QStringLiteral("[1]"),
                                       QStringLiteral(""), QStringLiteral("1 2")})
            QVERIFY2(!FlagDraft::parseValue(refused).value, qPrintable(refused));

        QVERIFY(FlagDraft::isValidKey(QStringLiteral("ai:model")));
        QVERIFY(!FlagDraft::isValidKey(QStringLiteral("AI")));
        QVERIFY(!FlagDraft::isValidKey(QString(101, QLatin1Char('a'))));
        QVERIFY(FlagDraft::isBuiltinKey(QStringLiteral("sales.paused.show.3")));
        const QJsonValue rolled = FlagDraft::withPercent(QJsonObject{{"model", "x"}}, 12.34);
        QCOMPARE(rolled.toObject().value(QLatin1String("percent")).toDouble(), 12.3);
        QCOMPARE(FlagDraft::withPercent(QJsonObject{}, 5).toObject().value("percent").toInteger(),
                 5);
    }
};

QTEST_MAIN(TestFlagsModel)
#include "tst_flagsmodel.moc"
