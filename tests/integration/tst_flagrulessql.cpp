// FlagRules (checked first, by the server) and feature_flag_problem() in sql/005
// (the CHECK every writer meets, psql included) judge keys and values alike, in
// the same words: a key and value the server takes, the table takes too, and a
// refusal says the same whichever of the two refuses.
#include "flags/flagrules.h"
#include "testdatabase.h"
#include "json/strictjsonreader.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

namespace {
// The database's sentence as the API says it: a capital first (unless it starts
// with the key, which keeps its case) and a full stop.
QString asApiSentence(const QString &key, const QString &problem)
{
    QString sentence = problem;
    if (!key.isEmpty() && sentence.startsWith(key + QLatin1Char(' ')))
        return sentence + QLatin1Char('.');
    sentence[0] = sentence[0].toUpper();
    return sentence + QLatin1Char('.');
}

std::optional<QString> serverProblem(const QString &key, const QString &json)
{
    if (const auto error = FlagRules::checkKey(key))
        return error->message;
    const Result<QJsonValue> value = StrictJsonReader::read(json.toUtf8());
    if (!value)
        return QStringLiteral("(not JSON: %1)").arg(value.error().message);
    if (const auto error = FlagRules::checkValue(key, *value))
        return error->message;
    return std::nullopt;
}
} // namespace

class TestFlagRulesSql : public QObject
{
    Q_OBJECT

private:
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void serverAndDatabaseAgreeOnEveryKeyAndValue()
    {
        const QStringList keys{"ai:model",
                               "x",
                               "az09._:-",
                               QString(100, u'k'),
                               QString(101, u'k'),
                               "",
                               "AI:model",
                               QStringLiteral("caf\u00e9"),
                               "ai model",
                               "booking.hold_seconds",
                               "booking.max_seats",
                               "sales.paused",
                               "sales.paused.show.7",
                               "sales.paused.show.999999999999999999",
                               "sales.paused.show.0",
                               "sales.paused.show.07",
                               "sales.paused.show.",
                               "sales.paused.show.1000000000000000000",
                               "sales.paused.show",
                               "booking.x",
                               "sales.pause",
                               "booking",
                               "booking_x",
                               "sales-x"};
        const QStringList values{
            "null",
            "[1]",
            "[]",
            "true",
            "false",
            "0",
            "1",
            "9",
            "10",
            "60",
            "60.0",
            "60.5",
            "86400",
            "86401",
            "1000",
            "1001",
            "-1",
            "2.5",
            "1e2",
            R"("60")",
            R"("x")",
            R"("")",
            "{}",
            R"({"model":"a"})",
            R"({"percent":0})",
            R"({"percent":0.1})",
            R"({"percent":12.3})",
            R"({"percent":99.9})",
            R"({"percent":100})",
            R"({"percent":12.34})",
            R"({"percent":0.05})",
            R"({"percent":12.30000000001})",
            R"({"percent":100.1})",
            R"({"percent":-0.1})",
            R"({"percent":"5"})",
            R"({"percent":null})",
            R"({"percent":true})",
            R"({"percent":{}})",
            R"({"percent":1e1})",
            R"({"model":"claude-haiku-4.5","percent":1,"model_fallback":"claude-4-mini"})"};
        const QString reservedKey = *serverProblem(QStringLiteral("booking.x"), "1");
        const QString wrongType = *serverProblem(QStringLiteral("x"), "null");
        QSqlQuery query(TestDatabase::open(m_url));
        QVERIFY(query.prepare(QStringLiteral("SELECT feature_flag_problem(?, CAST(? AS jsonb))")));
        int accepted = 0;
        int refused = 0;
        for (const QString &key : keys) {
            for (const QString &value : values) {
                query.bindValue(0, key);
                query.bindValue(1, value);
                QVERIFY2(query.exec() && query.next(), qPrintable(query.lastError().text()));
                const std::optional<QString> database =
                    query.isNull(0) ? std::nullopt
                                    : std::optional(asApiSentence(key, query.value(0).toString()));
                const std::optional<QString> server = serverProblem(key, value);
                // The one difference in order: an unknown booking.* / sales.* name with
                // a value of no flag type. The API refuses the key first (invalid_flag_key,
                // as the contract says); the function looks at the value's type first.
                const bool bothRefuse =
                    server && database && *server == reservedKey && *database == wrongType;
                QVERIFY2(server == database || bothRefuse,
                         qPrintable(QStringLiteral("'%1' = %2: the database says %3, the server %4")
                                        .arg(key, value, database.value_or("accepted"),
                                             server.value_or("accepted"))));
                ++(database ? refused : accepted);
            }
        }
        qInfo("%d accepted and %d refused alike", accepted, refused);
        QVERIFY2(accepted > 0 && refused > 0, "the table should hold both verdicts");
    }
};

QTEST_GUILESS_MAIN(TestFlagRulesSql)
#include "tst_flagrulessql.moc"
