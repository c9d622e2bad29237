#pragma once

#include <QLabel>

class PushFeed;
class ShowsRefresher;

// The status bar's answer to "is what I see current?": "Live" while the
// live-push feed is connected and subscribed (changes show the moment they
// happen), "Polling" while it is not and the shows are re-read every few
// seconds instead; the tooltip says why push is unavailable.
class PushStatusLabel : public QLabel
{
    Q_OBJECT
public:
    PushStatusLabel(PushFeed *feed, ShowsRefresher *refresher, QWidget *parent = nullptr);

public slots:
    void refresh();

private:
    PushFeed *m_feed;
    ShowsRefresher *m_refresher;
};
