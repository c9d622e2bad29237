#include "idempotencykeyjanitor.h"

#include "app/logcategories.h"
#include "db/databasesession.h"
#include "db/sqlrunner.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimer>

namespace {
const QString kPurge =
    QStringLiteral("SELECT purge_idempotency_keys(?::integer * interval '1 second')");
} // namespace

IdempotencyKeyJanitor::IdempotencyKeyJanitor(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent), m_interval(interval)
{
}

void IdempotencyKeyJanitor::start()
{
    m_timer = new QTimer(this);
    m_timer->setInterval(m_interval);
    connect(m_timer, &QTimer::timeout, this, &IdempotencyKeyJanitor::purge);
    m_timer->start();
    purge();
}

void IdempotencyKeyJanitor::purge()
{
    // A failure (the database is away) is simply tried again at the next interval.
    SqlRunner sql(DatabaseSession::forCurrentThread());
    QSqlQuery *query = sql.exec(kPurge, {qint64(kMaxKeyAge.count())}, SqlRunner::Kind::Write);
    if (!query || !query->next())
        return;
    const int count = query->value(0).toInt();
    if (count > 0)
        qCInfo(lcExpiry) << "purged" << count << "idempotency key(s) older than 24 h";
    Q_EMIT purged(count);
}
