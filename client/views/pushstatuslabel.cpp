#include "pushstatuslabel.h"

#include "pushfeed.h"
#include "showsrefresher.h"

#include <algorithm>

PushStatusLabel::PushStatusLabel(PushFeed *feed, ShowsRefresher *refresher, QWidget *parent)
    : QLabel(parent), m_feed(feed), m_refresher(refresher)
{
    setObjectName(QStringLiteral("pushStatus"));
    setTextFormat(Qt::RichText);
    connect(feed, &PushFeed::liveChanged, this, &PushStatusLabel::refresh);
    refresh();
}

void PushStatusLabel::refresh()
{
    const auto dot = [](const char *color) {
        return QStringLiteral("<span style='color:%1'>●</span> ").arg(QLatin1String(color));
    };
    const int seconds = std::max(1, m_refresher->interval() / 1000);
    QString plain;
    QString tip;
    if (m_feed->isLive()) {
        plain = tr("Live");
        tip = tr("Live updates: changes made anywhere show here as they happen.");
        setText(dot("#2e9d2e") + plain);
    } else {
        plain = tr("Polling");
        tip = tr("Live updates are unavailable%1; the shows are re-read every %2 s and live "
                 "updates are tried again in the background.")
                  .arg(m_feed->lastProblem().isEmpty()
                           ? QString()
                           : QStringLiteral(" (%1)").arg(m_feed->lastProblem()))
                  .arg(seconds);
        setText(dot("#e0a000") + plain);
    }
    setToolTip(tip);
    setAccessibleName(plain);
}
