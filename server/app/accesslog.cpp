#include "accesslog.h"

#include "http/boxofficehttpserver.h"
#include "http/router.h"
#include "logcategories.h"
#include "logformat.h"

#include <algorithm>

namespace {
// Client-controlled text (the path, a session's name) stays on its line and
// in its field: spaces and control characters are percent-encoded. The usual
// value has none (the HTTP parser refuses them in a path) and is returned as it is.
QString field(const QString &value)
{
    if (value.isEmpty())
        return QStringLiteral("-");
    const bool plain = std::all_of(value.begin(), value.end(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() != 0x7f;
    });
    if (plain)
        return value;
    QString out;
    out.reserve(value.size() + 8);
    for (const QChar c : value) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f)
            out += QLatin1Char('%') +
                   QString::number(c.unicode(), 16).rightJustified(2, QLatin1Char('0')).toUpper();
        else
            out += c;
    }
    return out;
}
} // namespace

void AccessLog::attachTo(BoxOfficeHttpServer &server)
{
    static AccessLog log;
    server.addRequestObserver(&log);
}

void AccessLog::requestFinished(const FinishedRequest &request)
{
    if (!lcAccess().isInfoEnabled())
        return;
    const QString method = Router::methodName(request.method);
    const QString path = loggedPath(request.path);
    const QString text = line(request, method, path);
    const LogFormat::AccessFields fields(request, method, path, text);
    qCInfo(lcAccess).noquote() << text;
}

QString AccessLog::loggedPath(const QString &path)
{
    if (path.size() <= kMaxPathLength)
        return path;
    return path.left(kMaxPathLength) + QStringLiteral("...(+%1)").arg(path.size() - kMaxPathLength);
}

QString AccessLog::line(const FinishedRequest &request, const QString &method, const QString &path)
{
    const double milliseconds = std::chrono::duration<double, std::milli>(request.duration).count();
    QString text;
    text.reserve(128 + path.size());
    text += method;
    text += QLatin1Char(' ');
    text += field(path);
    text += QLatin1Char(' ');
    text += QString::number(request.status);
    text += QLatin1Char(' ');
    text += QString::number(milliseconds, 'f', 1);
    text += QLatin1String("ms id=");
    text += field(QString::fromLatin1(request.requestId));
    text += QLatin1String(" route=");
    text += field(request.route);
    text += QLatin1String(" client=");
    text += field(request.clientAddress);
    text += QLatin1String(" actor=");
    text += field(request.actor);
    if (request.dropped)
        text += QLatin1String(" dropped");
    return text;
}
