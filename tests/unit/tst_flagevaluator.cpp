// A flag's value for one subject: everyone's value, or a rollout's inside / outside value.
#include "flags/flagbucketing.h"
#include "flags/flagevaluator.h"
#include "json/strictjsonreader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {
QJsonValue json(const char *text)
{
    const Result<QJsonValue> value = StrictJsonReader::read(text);
    return value ? *value : QJsonValue(QJsonValue::Undefined);
}

QString show(const std::optional<QJsonValue> &value)
{
    if (!value)
        return QStringLiteral("absent");
    if (value->isObject())
        return QString::fromUtf8(QJsonDocument(value->toObject()).toJson(QJsonDocument::Compact));
    return value->toVariant().toString() + QStringLiteral(" (type %1)").arg(int(value->type()));
}

// A subject inside (or outside) a rollout of percent for key, found by search
// so that the test does not depend on which subjects happen to be inside.
QString subjectWhere(const QString &key, double percent, bool inside)
{
    for (int i = 0; i < 100000; ++i) {
        const QString subject = QStringLiteral("subject-%1").arg(i);
        if (FlagBucketing::inside(FlagBucketing::bucket(key, subject), percent) == inside)
            return subject;
    }
    return {};
}
} // namespace

class TestFlagEvaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valuesThatAreNoRolloutAreEveryonesValue_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("number") << "60";
        QTest::newRow("boolean") << "true";
        QTest::newRow("string") << R"("claude-4-mini")";
        QTest::newRow("object without percent") << R"({"model":"claude-4-mini","fallback":1})";
        QTest::newRow("empty object") << "{}";
    }
    void valuesThatAreNoRolloutAreEveryonesValue()
    {
        QFETCH(QString, value);
        const QJsonValue flag = json(value.toUtf8().constData());
        QVERIFY2(!flag.isUndefined(), qPrintable(value));
        QCOMPARE(FlagEvaluator::percentOf(flag), std::nullopt);
        for (const char *subject : {"a", "customer-42", "zz"}) {
            const auto evaluation =
                FlagEvaluator::evaluate(QStringLiteral("x"), flag, QString::fromLatin1(subject));
            QVERIFY2(
                evaluation.value == flag,
                qPrintable(
                    QStringLiteral("expected %1, seen %2").arg(value, show(evaluation.value))));
            QVERIFY(evaluation.inside);
            QCOMPARE(evaluation.percent, std::nullopt);
            QCOMPARE(evaluation.bucket, std::nullopt);
        }
    }

    void referenceExample()
    {
        // 1 % is buckets 0..9; customer-42 is bucket 675 (tst_flagbucketing), so outside.
        const QString key = QStringLiteral("ai:model");
        const QJsonValue flag =
            json(R"({"model":"claude-haiku-4.5","percent":1,"model_fallback":"claude-4-mini"})");
        QCOMPARE(FlagEvaluator::percentOf(flag), std::optional<double>(1));
        const auto outside = FlagEvaluator::evaluate(key, flag, QStringLiteral("customer-42"));
        QCOMPARE(outside.bucket, std::optional<int>(675));
        QCOMPARE(outside.percent, std::optional<double>(1));
        QVERIFY(!outside.inside);
        QCOMPARE(show(outside.value), QStringLiteral(R"({"model":"claude-4-mini"})"));

        const QString in = subjectWhere(key, 1, true);
        QVERIFY2(!in.isEmpty(), "no subject inside 1 % among 100 000");
        const auto inside = FlagEvaluator::evaluate(key, flag, in);
        QVERIFY(inside.inside);
        QVERIFY2(*inside.bucket < 10, qPrintable(QString::number(*inside.bucket)));
        QCOMPARE(show(inside.value), QStringLiteral(R"({"model":"claude-haiku-4.5"})"));
    }

    void rolloutBranches_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("inside");  // expected value inside
        QTest::addColumn<QString>("outside"); // expected value outside
        QTest::newRow("object, no fallback: absent outside") << R"({"banner":"new","percent":40})"
                                                             << R"({"banner":"new"})"
                                                             << "absent";
        QTest::newRow("value member, fallback member")
            << R"({"percent":40,"value":true,"fallback":false})"
            << "true (type 1)"
            << "false (type 1)";
        QTest::newRow("value member, no fallback") << R"({"percent":40,"value":"v2"})"
                                                   << "v2 (type 3)"
                                                   << "absent";
        QTest::newRow("fallback wins over model_fallback")
            << R"({"model":"a","percent":40,"fallback":{"model":"c"},"model_fallback":"b"})"
            << R"({"model":"a"})"
            << R"({"model":"c"})";
        QTest::newRow("model_fallback keeps the other members")
            << R"({"model":"a","temperature":0.5,"percent":40,"model_fallback":"b"})"
            << R"({"model":"a","temperature":0.5})"
            << R"({"model":"b","temperature":0.5})";
        QTest::newRow("model_fallback with a value object")
            << R"({"percent":40,"value":{"model":"a","n":1},"model_fallback":"b"})"
            << R"({"model":"a","n":1})"
            << R"({"model":"b","n":1})";
        QTest::newRow("model_fallback adds model when inside has none")
            << R"({"percent":40,"model_fallback":"b"})"
            << "{}"
            << R"({"model":"b"})";
        QTest::newRow("model_fallback with a value that is no object")
            << R"({"percent":40,"value":"a","model_fallback":"b"})"
            << "a (type 3)"
            << R"({"model":"b"})";
    }
    void rolloutBranches()
    {
        QFETCH(QString, value);
        QFETCH(QString, inside);
        QFETCH(QString, outside);
        const QString key = QStringLiteral("rollout");
        const QJsonValue flag = json(value.toUtf8().constData());
        QVERIFY2(!flag.isUndefined(), qPrintable(value));
        const QString in = subjectWhere(key, 40, true);
        const QString out = subjectWhere(key, 40, false);
        QVERIFY(!in.isEmpty() && !out.isEmpty());

        const auto insideEvaluation = FlagEvaluator::evaluate(key, flag, in);
        QVERIFY(insideEvaluation.inside);
        QCOMPARE(insideEvaluation.percent, std::optional<double>(40));
        QCOMPARE(insideEvaluation.bucket, std::optional<int>(FlagBucketing::bucket(key, in)));
        QCOMPARE(show(insideEvaluation.value), inside);

        const auto outsideEvaluation = FlagEvaluator::evaluate(key, flag, out);
        QVERIFY(!outsideEvaluation.inside);
        QCOMPARE(outsideEvaluation.percent, std::optional<double>(40));
        QCOMPARE(outsideEvaluation.bucket, std::optional<int>(FlagBucketing::bucket(key, out)));
        QCOMPARE(show(outsideEvaluation.value), outside);
    }

    void zeroAndHundredPercent()
    {
        const QJsonValue none = json(R"({"on":true,"percent":0})");
        const QJsonValue all = json(R"({"on":true,"percent":100})");
        for (int i = 0; i < 500; ++i) {
            const QString subject = QStringLiteral("s%1").arg(i);
            const auto nobody = FlagEvaluator::evaluate(QStringLiteral("k"), none, subject);
            QVERIFY2(!nobody.inside && !nobody.value,
                     qPrintable(subject + " inside a 0 % rollout: " + show(nobody.value)));
            const auto everybody = FlagEvaluator::evaluate(QStringLiteral("k"), all, subject);
            QVERIFY2(everybody.inside, qPrintable(subject + " outside a 100 % rollout"));
            QCOMPARE(show(everybody.value), QStringLiteral(R"({"on":true})"));
        }
    }

    void theSameSubjectGetsTheSameValue()
    {
        const QJsonValue flag = json(R"({"percent":50,"value":1,"fallback":2})");
        for (int i = 0; i < 200; ++i) {
            const QString subject = QStringLiteral("s%1").arg(i);
            const auto first = FlagEvaluator::evaluate(QStringLiteral("k"), flag, subject);
            const auto second = FlagEvaluator::evaluate(QStringLiteral("k"), flag, subject);
            QCOMPARE(second.value, first.value);
            QCOMPARE(second.bucket, first.bucket);
        }
    }
};

QTEST_APPLESS_MAIN(TestFlagEvaluator)
#include "tst_flagevaluator.moc"
