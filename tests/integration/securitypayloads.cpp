#include "securitypayloads.h"

namespace SecurityPayloads {

namespace {
const QString kPassword = QStringLiteral("not the password 0");
} // namespace

bool knownSchema(const QByteArray &method, const QString &pattern)
{
    return !schemaFor(method, pattern).invalidField.isEmpty() ||
           (method == "POST" && pattern == QLatin1String("/auth/login"));
}

Schema schemaFor(const QByteArray &method, const QString &pattern)
{
    const Field username{QStringLiteral("username"), Field::Text, QStringLiteral("hostile-user")};
    const Field password{QStringLiteral("password"), Field::Text, kPassword};
    const Field role{QStringLiteral("role"), Field::Choice, QStringLiteral("clerk")};
    const Field name{QStringLiteral("name"), Field::Text, QStringLiteral("Hostile")};
    const Field start{QStringLiteral("start_time"), Field::Time,
                      QStringLiteral("2030-01-01T19:30:00Z")};
    const Field seats{QStringLiteral("total_seats"), Field::Number, 40};
    if (pattern == QLatin1String("/auth/login"))
        return {{username, password}, {}, {}}; // never the right password: refused anyway
    if (pattern == QLatin1String("/admin/users") && method == "POST")
        return {
            {username, password, role}, QStringLiteral("password"), QStringLiteral("too short")};
    if (pattern == QLatin1String("/admin/users/:id") && method == "PATCH")
        return {{role, {QStringLiteral("disabled"), Field::Bool, false}},
                QStringLiteral("role"),
                QStringLiteral("root")};
    if (pattern == QLatin1String("/admin/users/:id/password"))
        return {{password}, QStringLiteral("password"), QStringLiteral("too short")};
    if (pattern == QLatin1String("/admin/tokens") && method == "POST")
        return {
            {name,
             {QStringLiteral("role"), Field::Choice, QStringLiteral("shop")},
             {QStringLiteral("expires_at"), Field::Time, QStringLiteral("2031-01-01T00:00:00Z")}},
            QStringLiteral("role"),
            QStringLiteral("root")};
    if (pattern.startsWith(QLatin1String("/admin/shows")) && method != "GET" && method != "DELETE")
        return {{name, start, seats}, QStringLiteral("total_seats"), -1};
    if (pattern == QLatin1String("/admin/flags/:key") && method == "PUT")
        return {{{QStringLiteral("on"), Field::Bool, true},
                 {QStringLiteral("percent"), Field::Number, 50}},
                QStringLiteral("percent"),
                101};
    if (pattern == QLatin1String("/shows/:id/book"))
        return {{{QStringLiteral("user_name"), Field::Text, QStringLiteral("Hostile")},
                 {QStringLiteral("seats"), Field::Number, 1}},
                QStringLiteral("seats"),
                0};
    return {{name, {QStringLiteral("value"), Field::Number, 1}}, {}, {}};
}

QList<QByteArray> sqlInjections()
{
    return {"' OR '1'='1",
            "'; DROP TABLE staff_users; --",
            "admin'--",
            "\" OR \"\"=\"",
            "1; UPDATE bookings SET status='CONFIRMED'; --",
            "' UNION SELECT token_hash FROM auth_tokens --",
            "x' AND pg_sleep(5) IS NULL --",
            "'); DELETE FROM auth_tokens WHERE ('1'='1",
            "\\'; SELECT 1; --",
            "1 OR 1=1",
            "$$; TRUNCATE audit_log; $$",
            "%' OR role LIKE '%",
            "' || (SELECT password_hash FROM staff_users LIMIT 1) || '",
            "E'\\x27' OR true --",
            "'; COPY staff_users TO '/tmp/x'; --"};
}

QList<QByteArray> invalidUtf8()
{
    return {"\xff",         "\xfe\xff",         "\xc0\x80", "\xc1\xbf", "\xed\xa0\x80",
            "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xe2\x82", "\x80",     "\xf8\x88\x80\x80\x80",
            "a\xc3",        "\xef\xbf"};
}

QList<QByteArray> hugeNumbers()
{
    return {"1e400",
            "-1e400",
            "99999999999999999999999999",
            "-9223372036854775809",
            "9223372036854775808",
            "18446744073709551616",
            "1e308",
            "2147483648",
            "-2147483649",
            "4294967296",
            QByteArray(400, '9')};
}

QList<QByteArray> bogusAuthorizations()
{
    return {"Bearer " + QByteArray(9000, 'A'),
            "Bearer " + QByteArray(4000, 'x'),
            QByteArray("Bearer bos_\x01\x02\x7f\xff\xfe", 16),
            "Bearer                                   ",
            "Bearer      bos_" + QByteArray(43, 'C'),
            "Bearer\tboa_" + QByteArray(43, 'D'),
            "bearer",
            "BEARER bka_" + QByteArray(43, 'E'),
            "Bearer bos_",
            "Bearer boa_' OR '1'='1",
            "Bearer bka_\xc0\x80\xed\xa0\x80",
            "Basic YWRtaW46YWRtaW4=",
            "Digest username=\"admin\"",
            "Bearer " + QByteArray(43, ' ') + "bos_x",
            "Bearer bos_" + QByteArray(43, 'F') + " bos_" + QByteArray(43, 'G'),
            "Token abc",
            "   ",
            "Bearer %00",
            "Bearer null",
            "Bearer undefined"};
}

QList<QByteArray> forgedForwarding()
{
    QByteArray many = "X-Forwarded-For: ";
    for (int i = 0; i < 400; ++i)
        many += "10.0." + QByteArray::number(i / 250) + '.' + QByteArray::number(i % 250) + ", ";
    many += "127.0.0.1";
    return {"X-Forwarded-For: 127.0.0.1",
            "X-Forwarded-For: 10.0.0.1, 127.0.0.1",
            "X-Forwarded-For: ::1",
            "X-Forwarded-For: 999.999.999.999",
            "X-Forwarded-For: ' OR 1=1 --",
            "X-Forwarded-For: [::1]:80, unknown, ,,,",
            "X-Forwarded-For: \xff\xfe",
            "X-Forwarded-For: " + QByteArray(7000, '1'),
            many,
            "X-Forwarded-For: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8",
            "Forwarded: for=127.0.0.1;proto=https;host=evil",
            "X-Real-IP: 127.0.0.1",
            "X-Forwarded-Host: evil.example",
            "X-Forwarded-Proto: https",
            "X-Forwarded-For: fe80::1%eth0"};
}

QByteArray percentEncoded(const QByteArray &bytes)
{
    return bytes.toPercentEncoding();
}

} // namespace SecurityPayloads
