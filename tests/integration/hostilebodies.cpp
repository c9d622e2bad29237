#include "hostilebodies.h"

#include "apilimits.h"

namespace HostileBodies {

void laxJson(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray show = HostileRequests::number(g.targets().show);
    static const QList<QByteArray> seats = {".5e1", ".1e1", "1.", "01", "+1", "1.e0", "0x1"};
    static const QList<QByteArray> names = {R"("B\q")",      R"("\x41")", "\"B\x01\"",
                                            "\"B\tob\"",     R"('Bob')",  R"("B\ud800")",
                                            R"("B\udc00x")", "\"B\x1f\""};
    const int kind = g.pick(6);
    QByteArray body;
    if (kind == 0)
        body = R"({"user_name":"Fuzzer","seats":)" + g.pickFrom(seats) + "}";
    else if (kind == 1)
        body = R"({"user_name":)" + g.pickFrom(names) + R"(,"seats":1})";
    else if (kind == 2)
        body = g.pickFrom(QList<QByteArray>{R"({"user_name":"A","seats":1,"seats":2})",
                                            R"({"user_name":"A","user_name":"B","seats":1})",
                                            R"({"user_name":"A","seats":1,"x":{"y":1,"y":2}})",
                                            R"({"user_name":"A","seats":1,"\u0073eats":1})"});
    else if (kind == 3)
        body = g.goodBooking() + g.pickFrom(QList<QByteArray>{QByteArray("\0", 1), "\f", "\v", ",",
                                                              "//x", "/*x*/", "\xc2\xa0"});
    else if (kind == 4)
        body = g.pickFrom(QList<QByteArray>{"\xef\xbb\xbf\xef\xbb\xbf", "\f", "\v", "\xc2\xa0"}) +
               g.goodBooking();
    if (kind <= 4) {
        out->append({{},
                     QStringLiteral("POST /shows/:id/book"),
                     g.request("POST", "/shows/" + show + "/book", {}, body)});
        return;
    }
    switch (g.pick(4)) {
    case 0:
        out->append(
            {{},
             QStringLiteral("POST /admin/shows"),
             g.request("POST", "/admin/shows", {},
                       R"({"name":"Fuzz","start_time":"2030-01-01T19:30:00Z","total_seats":)" +
                           g.pickFrom(QList<QByteArray>{".4e2", "40.", "040"}) + "}",
                       true)});
        break;
    case 1:
        out->append({{},
                     QStringLiteral("PATCH /admin/shows/:id"),
                     g.request("PATCH", "/admin/shows/" + show, {},
                               g.pickFrom(QList<QByteArray>{
                                   R"({"total_seats":.6e2})", R"({"total_seats":60.})",
                                   R"({"name":"A","name":"B"})", R"({"name":"R\q"})"}),
                               true)});
        break;
    default: {
        const QByteArray action = g.pick(2) ? "confirm" : "cancel";
        out->append(
            {{},
             QStringLiteral("POST /bookings/:id/") + QString::fromLatin1(action),
             g.request(
                 "POST", "/bookings/" + HostileRequests::number(g.targets().pending) + "/" + action,
                 {},
                 g.pickFrom(QList<QByteArray>{R"({"a":.5})", R"({"a":1,"a":1})", R"({"a":"\q"})",
                                              QByteArray("{}\0", 3), "{'a':1}", "{}\f", "{,}"}))});
    }
    }
}

void brokenJson(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    static const QList<QByteArray> badUtf8 = {
        "\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\x80", "\xe2\x82"};
    QByteArray body = g.goodBooking();
    switch (g.pick(6)) {
    case 0:
        body.truncate(1 + g.pick(int(body.size()) - 1));
        break;
    case 1:
        body.insert(14, g.pickFrom(badUtf8)); // inside the user name
        break;
    case 2:
        body = R"({"user_name":"Deep","seats":1,"x":)" +
               HostileRequests::deep(1025 + g.pick(3000)) + "}";
        break;
    case 3:
        body = R"({"user_name":"Big","seats":)" +
               g.pickFrom(QList<QByteArray>{"1e400", "-1e400", "1e999999",
                                            QByteArray(400, '9') + "e400"}) +
               "}";
        break;
    case 4:
        body.clear();
        for (int i = 0, n = 1 + g.pick(60); i < n; ++i)
            body += char(g.random().bounded(256));
        if (body.front() == '{' || body.trimmed().isEmpty())
            body.prepend('x');
        break;
    default:
        body =
            g.pickFrom(QList<QByteArray>{"[]", "\"x\"", "42", "null", "true", "[{}]", "{\"a\"}"});
    }
    const QByteArray show = HostileRequests::number(g.targets().show);
    switch (g.pick(4)) {
    case 0:
        out->append({{},
                     QStringLiteral("POST /admin/shows"),
                     g.request("POST", "/admin/shows", {}, body, true)});
        break;
    case 1:
        out->append(
            {{},
             QStringLiteral("POST /bookings/:id/confirm"),
             g.request("POST",
                       "/bookings/" + HostileRequests::number(g.targets().pending) + "/confirm", {},
                       body)});
        break;
    default:
        out->append({{},
                     QStringLiteral("POST /shows/:id/book"),
                     g.request("POST", "/shows/" + show + "/book", {}, body)});
    }
}

void wrongFields(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray show = HostileRequests::number(g.targets().show);
    static const QList<QByteArray> seats = {"\"2\"",
                                            "2.5",
                                            "true",
                                            "[1]",
                                            "{}",
                                            "null",
                                            "0",
                                            "-1",
                                            "21",
                                            "1e9",
                                            "-0",
                                            "1e-400",
                                            "12345678901234567890",
                                            "1.0000000000000002",
                                            "-9223372036854775809",
                                            HostileRequests::deep(500)};
    const QByteArray longName = '"' + QByteArray(Limits::kMaxUserNameLength + 1, 'n') + '"';
    const QList<QByteArray> names = {"5",           "[]",     "{}",           "\"\"",
                                     "\"   \"",     longName, R"("B\u0000")", R"("a\nb")",
                                     R"("\u007f")", "false"};
    static const QList<QByteArray> times = {
        "\"2030-01-01T19:30:00\"",       "\"tomorrow\"",
        "\"1969-12-31T23:30:00-01:00\"", "\"10000-01-01T00:00:00Z\"",
        "\"2030-02-30T10:00:00Z\"",      "1893526200",
        "\"0000-01-01T00:00:00Z\"",      "\"2030-01-01T19:30:00+25:00\""};
    switch (g.pick(6)) {
    case 0:
        out->append({{},
                     QStringLiteral("POST /shows/:id/book"),
                     g.request("POST", "/shows/" + show + "/book", {},
                               R"({"user_name":"Fuzz","seats":)" + g.pickFrom(seats) + "}")});
        break;
    case 1:
        out->append({{},
                     QStringLiteral("POST /shows/:id/book"),
                     g.request("POST", "/shows/" + show + "/book", {},
                               g.pick(4) ? R"({"user_name":)" + g.pickFrom(names) + R"(,"seats":1})"
                                         : g.pickFrom(QList<QByteArray>{"{}", R"({"seats":1})",
                                                                        R"({"user_name":"A"})"}))});
        break;
    case 2:
        out->append(
            {{},
             QStringLiteral("POST /shows/:id/book"),
             g.request("POST",
                       "/shows/" + HostileRequests::number(g.targets().cancelledShow) + "/book", {},
                       g.goodBooking())}); // 409 show_cancelled
        break;
    case 3:
        out->append(
            {{},
             QStringLiteral("POST /admin/shows"),
             g.request(
                 "POST", "/admin/shows", {},
                 g.pickFrom(QList<QByteArray>{
                     R"({"name":"X","start_time":)" + g.pickFrom(times) + R"(,"total_seats":4})",
                     R"({"name":"X","start_time":"2030-01-01T19:30:00Z","total_seats":)" +
                         g.pickFrom(QList<QByteArray>{"0", "100001", "\"40\"", "-5", "4.5"}) + "}",
                     R"({"name":)" + g.pickFrom(names) +
                         R"(,"start_time":"2030-01-01T19:30:00Z","total_seats":4})",
                     R"({"name":"X","total_seats":4})"}),
                 true)});
        break;
    default:
        out->append(
            {{},
             QStringLiteral("PATCH /admin/shows/:id"),
             g.request("PATCH",
                       "/admin/shows/" +
                           (g.pick(5) ? show : HostileRequests::number(g.targets().cancelledShow)),
                       {},
                       g.pickFrom(QList<QByteArray>{"{}", R"({"total_seats":0})",
                                                    R"({"start_time":)" + g.pickFrom(times) + "}",
                                                    R"({"name":)" + g.pickFrom(names) + "}",
                                                    R"({"total_seats":"60"})"}),
                       true)});
    }
}

void contentTypes(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    static const QList<QByteArray> types = {"text/plain",
                                            "application/x-www-form-urlencoded",
                                            "application/jsonp",
                                            "multipart/form-data; boundary=x",
                                            "application/xml",
                                            "text/json",
                                            "application/json-patch+json",
                                            "application/json, text/plain",
                                            "*/*",
                                            "application"};
    const QByteArray type = g.pickFrom(types);
    const QByteArray show = HostileRequests::number(g.targets().show);
    switch (g.pick(5)) {
    case 0:
        out->append({{},
                     QStringLiteral("POST /admin/shows"),
                     g.request("POST", "/admin/shows", {}, g.goodShow(), true, type)});
        break;
    case 1:
        out->append(
            {{},
             QStringLiteral("PATCH /admin/shows/:id"),
             g.request("PATCH", "/admin/shows/" + show, {}, R"({"total_seats":60})", true, type)});
        break;
    case 2: {
        const QByteArray action = g.pick(2) ? "confirm" : "cancel";
        out->append(
            {{},
             QStringLiteral("POST /bookings/:id/") + QString::fromLatin1(action),
             g.request("POST",
                       "/bookings/" + HostileRequests::number(g.targets().pending) + "/" + action,
                       {}, "{}", false, type)});
        break;
    }
    default:
        out->append(
            {{},
             QStringLiteral("POST /shows/:id/book"),
             g.request("POST", "/shows/" + show + "/book", {}, g.goodBooking(), false, type)});
    }
}

} // namespace HostileBodies
