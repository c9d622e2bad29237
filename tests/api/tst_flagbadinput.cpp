// The bad-input table of issue 12: every malformed key, value, preview and
// evaluate request is refused with its 4xx status and code, and afterwards the
// flag list and the history are exactly as before. The edges are accepted.
#include "apitestbench.h"
#include "flagapi.h"
#include "testdatabase.h"

#include <QSqlQuery>
#include <QUrl>
#include <QtTest>

#include <memory>

class TestFlagBadInput : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<FlagApi> m_flags;
    // Set before the table, so a refused PUT on them would show as a change.
    const QStringList m_existing = {"booking.hold_seconds", "booking.max_seats", "sales.paused",
                                    "bad.rollout"};

    // Every row of both flag tables, from SQL: what the API says is checked too,
    // but a stored refusal must show even if the API hid it.
    QString tables()
    {
        QSqlQuery query(TestDatabase::open(m_bench.databaseUrl()));
        const bool ok = query.exec(QStringLiteral(
            "SELECT concat_ws('#',"
            " (SELECT string_agg(f::text, '|' ORDER BY f.key) FROM feature_flags f),"
            " (SELECT string_agg(h::text, '|' ORDER BY h.id) FROM feature_flag_history h))"));
        return ok && query.next() ? query.value(0).toString() : QStringLiteral("(query failed)");
    }

    QString everything() { return tables() + QLatin1Char('\n') + m_flags->state(m_existing); }

    void addRow(const QString &name, const QByteArray &method, const QString &path,
                const QByteArray &body, int status, const QString &code, const QString &field,
                const QByteArray &contentType = "application/json")
    {
        QTest::newRow(qPrintable(name))
            << method << path << body << status << code << field << contentType;
    }

    // What sql/005's feature_flag_problem() says about a key and value, as the
    // API must say it: the same sentence with a full stop. Empty if SQL cannot judge.
    QString sqlSentence(const QString &key, const QByteArray &value)
    {
        QSqlQuery query(TestDatabase::open(m_bench.databaseUrl()));
        query.prepare(QStringLiteral("SELECT feature_flag_problem(?, ?::jsonb)"));
        query.addBindValue(key);
        query.addBindValue(QString::fromUtf8(value));
        if (!query.exec() || !query.next() || query.value(0).isNull())
            return {};
        return query.value(0).toString() + QLatin1Char('.');
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
        m_flags = std::make_unique<FlagApi>(m_bench.http());
        QVERIFY(m_flags->set(QStringLiteral("booking.hold_seconds"), "60"));
        QVERIFY(m_flags->set(QStringLiteral("booking.max_seats"), "20"));
        QVERIFY(m_flags->set(QStringLiteral("sales.paused"), "false"));
        QVERIFY(m_flags->set(QStringLiteral("bad.rollout"), R"({"percent":5,"on":true})"));
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void badInputIsRefusedAndNothingIsStored_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");          // empty: the contract names none
        QTest::addColumn<QByteArray>("contentType"); // sent with a body

        const QString flags = QStringLiteral("/admin/flags/");
        const auto value = [&](const char *name, const char *key, const QByteArray &body,
                               const char *code, const char *field) {
            addRow(QString::fromLatin1(name), "PUT", flags + QString::fromLatin1(key), body, 400,
                   QString::fromLatin1(code), QString::fromLatin1(field));
        };
        const auto key = [&](const char *name, const QString &key) {
            addRow(QString::fromLatin1(name), "PUT", flags + key, "true", 400,
                   QStringLiteral("invalid_flag_key"), QStringLiteral("key"));
        };
        // Bodies.
        value("body not JSON", "bad.new", R"({"a":)", "invalid_json", "");
        value("body not JSON, existing", "bad.rollout", "{percent:5}", "invalid_json", "");
        value("body null", "bad.new", "null", "invalid_flag_value", "");
        value("body an array", "bad.new", "[1,2]", "invalid_flag_value", "");
        value("body empty", "bad.new", "", "invalid_flag_value", "");
        value("body null, existing", "bad.rollout", "null", "invalid_flag_value", "");
        // Not JSON by media type, though the bytes are; too large.
        addRow("put, text/plain", "PUT", flags + "bad.rollout", "true", 415,
               "unsupported_media_type", "", "text/plain");
        addRow("put, form encoded", "PUT", flags + "bad.new", "a=1", 415, "unsupported_media_type",
               "", "application/x-www-form-urlencoded");
        addRow("preview, text/plain", "POST", flags + "bad.rollout/preview",
               R"({"subjects":["a"]})", 415, "unsupported_media_type", "", "text/plain");
        addRow("put, body over 64 KiB", "PUT", flags + "bad.new",
               "\"" + QByteArray(64 * 1024, 'x') + "\"", 413, "payload_too_large", "");
        // Rollouts.
        value("percent -1", "bad.rollout", R"({"percent":-1})", "invalid_flag_value", "percent");
        value("percent 100.1", "bad.rollout", R"({"percent":100.1})", "invalid_flag_value",
              "percent");
        value("percent \"10\"", "bad.rollout", R"({"percent":"10"})", "invalid_flag_value",
              "percent");
        value("percent 12.34", "bad.rollout", R"({"percent":12.34})", "invalid_flag_value",
              "percent");
        value("percent 12.34, new", "bad.new", R"({"percent":12.34})", "invalid_flag_value",
              "percent");
        // Built-ins.
        for (const char *bad : {"9", "86401", "30.5", "\"30\"", "true"})
            value(qPrintable(QStringLiteral("hold_seconds %1").arg(bad)), "booking.hold_seconds",
                  bad, "invalid_flag_value", "value");
        for (const char *bad : {"0", "1001", "2.5"})
            value(qPrintable(QStringLiteral("max_seats %1").arg(bad)), "booking.max_seats", bad,
                  "invalid_flag_value", "value");
        for (const char *bad : {"\"yes\"", "1"})
            value(qPrintable(QStringLiteral("sales.paused %1").arg(bad)), "sales.paused", bad,
                  "invalid_flag_value", "value");
        value("max_seats as a rollout", "booking.max_seats", R"({"percent":50})",
              "invalid_flag_value", "value");
        value("sales.paused as a rollout", "sales.paused", R"({"percent":50,"value":true})",
              "invalid_flag_value", "value");
        value("sales.paused.show.7 \"yes\"", "sales.paused.show.7", "\"yes\"", "invalid_flag_value",
              "value");
        // Keys.
        key("show id 0", QStringLiteral("sales.paused.show.0"));
        key("show id 01", QStringLiteral("sales.paused.show.01"));
        key("show id abc", QStringLiteral("sales.paused.show.abc"));
        key("unknown built-in", QStringLiteral("booking.hold_second"));
        key("unknown sales.*", QStringLiteral("sales.stopped"));
        key("show id missing", QStringLiteral("sales.paused.show."));
        key("show id with a tail", QStringLiteral("sales.paused.show.1.x"));
        key("booking. alone", QStringLiteral("booking."));
        key("upper case", QStringLiteral("Bad.Key"));
        key("space", QStringLiteral("bad%20key"));
        key("encoded slash", QStringLiteral("bad%2Fkey"));
        key("101 characters", QString(101, QLatin1Char('k')));
        // An empty key cannot be told from no key in a path: PUT /admin/flags/
        // is the collection, which takes only GET.
        addRow("empty", "PUT", flags, "true", 405, "method_not_allowed", "");
        addRow("get, upper case", "GET", flags + "Bad.Key", {}, 400, "invalid_flag_key", "key");
        addRow("delete, upper case", "DELETE", flags + "Bad.Key", {}, 400, "invalid_flag_key",
               "key");
        addRow("history, 101 characters", "GET", flags + QString(101, 'k') + "/history", {}, 400,
               "invalid_flag_key", "key");
        // History paging.
        addRow("history limit 0", "GET", flags + "bad.rollout/history?limit=0", {}, 400,
               "out_of_range", "");
        addRow("history limit 501", "GET", flags + "bad.rollout/history?limit=501", {}, 400,
               "out_of_range", "");
        addRow("history limit ten", "GET", flags + "bad.rollout/history?limit=ten", {}, 400,
               "invalid_field", "");
        // Preview.
        const QString preview = flags + QStringLiteral("bad.rollout/preview");
        QStringList many = FlagApi::subjects(QStringLiteral("s"), 1001);
        const auto subjects = [](const QStringList &list) {
            return "{\"subjects\":" +
                   QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact) +
                   "}";
        };
        addRow("preview, 0 subjects", "POST", preview, subjects({}), 400, "out_of_range", "");
        addRow("preview, 1001 subjects", "POST", preview, subjects(many), 400, "out_of_range", "");
        addRow("preview, 201-character subject", "POST", preview,
               subjects({QStringLiteral("ok"), QString(201, 'x')}), 400, "out_of_range", "");
        addRow("preview, empty subject", "POST", preview, subjects({QString()}), 400,
               "out_of_range", "");
        addRow("preview, subject not a string", "POST", preview, R"({"subjects":["a",7]})", 400,
               "invalid_field", "");
        addRow("preview, no subjects", "POST", preview, R"({"value":true})", 400, "missing_field",
               "");
        addRow("preview, bad draft percent", "POST", preview,
               R"({"subjects":["a"],"value":{"percent":101}})", 400, "invalid_flag_value",
               "percent");
        addRow("preview, draft null", "POST", preview, R"({"subjects":["a"],"value":null})", 400,
               "invalid_flag_value", "");
        addRow("preview, bad built-in draft", "POST", flags + "booking.max_seats/preview",
               R"({"subjects":["a"],"value":0})", 400, "invalid_flag_value", "value");
        addRow("preview, body not JSON", "POST", preview, "{subjects", 400, "invalid_json", "");
        addRow("preview, no flag and no draft", "POST", flags + "bad.nothing/preview",
               subjects({QStringLiteral("a")}), 404, "flag_not_found", "");
        // Evaluate.
        addRow("evaluate without subject", "GET", "/flags/evaluate", {}, 400, "missing_field",
               "subject");
        addRow("evaluate, 201-character subject", "GET",
               "/flags/evaluate?subject=" + QString(201, 'x'), {}, 400, "out_of_range", "subject");
    }

    void badInputIsRefusedAndNothingIsStored()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QFETCH(QByteArray, contentType);
        const QString before = everything();
        FlagApi::Headers headers{{"Authorization", m_bench.http().adminHeader()}};
        if (method != "GET" && method != "DELETE")
            headers.append(qMakePair(QByteArray("Content-Type"), contentType));
        const auto reply = m_bench.http().send(method, path, body, headers);
        const QJsonObject answer = reply.object();
        const QString what =
            QStringLiteral("%1 %2 %3: expected %4 %5%6, seen %7")
                .arg(QString::fromLatin1(method), path.left(120), QString::fromUtf8(body.left(80)))
                .arg(status)
                .arg(code, field.isEmpty() ? QString() : " field " + field, reply.describe());
        QVERIFY2(reply.status >= 400 && reply.status < 500, qPrintable(what));
        QVERIFY2(!answer.value("error").toString().isEmpty(), qPrintable(what));
        QVERIFY2(reply.status == status && answer.value("code").toString() == code &&
                     (field.isEmpty() || answer.value("field").toString() == field),
                 qPrintable(what));
        const QString prefix = QStringLiteral("/admin/flags/");
        if (method == "PUT" && code.startsWith("invalid_flag")) {
            // The same sentences as feature_flag_problem(), ending with a full stop
            // and starting with a capital - except where the sentence starts with
            // the flag's own key, which is lower case and kept as written.
            const QString key = QUrl::fromPercentEncoding(path.mid(prefix.size()).toUtf8());
            const QString sentence = sqlSentence(key, body);
            const QString message = answer.value("error").toString();
            QString capitalised = sentence;
            if (!sentence.isEmpty() && !sentence.startsWith(key))
                capitalised[0] = capitalised.at(0).toUpper();
            QVERIFY2(sentence.isEmpty() || message == capitalised,
                     qPrintable(QStringLiteral("expected the message '%1', seen '%2'")
                                    .arg(capitalised, message)));
        }
        const QString after = everything();
        QVERIFY2(after == before,
                 qPrintable(QStringLiteral("%1\nchanged the flags:\nbefore %2\nafter  %3")
                                .arg(what, before, after)));
        QVERIFY2(m_bench.server().isRunning(), qPrintable(m_bench.server().output()));
    }

    void theEdgesAreAccepted_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("hold 10") << "booking.hold_seconds" << QByteArray("10");
        QTest::newRow("hold 86400") << "booking.hold_seconds" << QByteArray("86400");
        QTest::newRow("max seats 1") << "booking.max_seats" << QByteArray("1");
        QTest::newRow("max seats 1000") << "booking.max_seats" << QByteArray("1000");
        QTest::newRow("percent 0") << "edge.rollout" << QByteArray(R"({"percent":0})");
        QTest::newRow("percent 0.1") << "edge.rollout" << QByteArray(R"({"percent":0.1})");
        QTest::newRow("percent 100") << "edge.rollout" << QByteArray(R"({"percent":100})");
        QTest::newRow("percent 12.3") << "edge.rollout" << QByteArray(R"({"percent":12.3})");
        QTest::newRow("show id 1") << "sales.paused.show.1" << QByteArray("false");
        QTest::newRow("100-character key") << QString(100, 'k') << QByteArray("\"x\"");
        QTest::newRow("every key character") << "az09._:-" << QByteArray("1");
        // Only booking.* and sales.* are the server's own names.
        QTest::newRow("bookings.x") << "bookings.x" << QByteArray(R"({"percent":5})");
        QTest::newRow("salesforce") << "salesforce" << QByteArray("true");
    }

    void theEdgesAreAccepted()
    {
        QFETCH(QString, key);
        QFETCH(QByteArray, value);
        const auto reply = m_flags->put(key, value);
        QVERIFY2(reply.status == 200 || reply.status == 201,
                 qPrintable(QStringLiteral("PUT %1 %2: expected 200/201, seen %3")
                                .arg(key, QString::fromUtf8(value), reply.describe())));
        QCOMPARE(reply.object().value("key").toString(), key);
        QCOMPARE(
            QJsonDocument(QJsonArray{reply.object().value("value")}).toJson(QJsonDocument::Compact),
            "[" + value + "]");
    }
};

QTEST_GUILESS_MAIN(TestFlagBadInput)
#include "tst_flagbadinput.moc"
