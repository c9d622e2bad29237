#pragma once

#include "show.h"

#include <QDialog>
#include <QTimer>

class ApiClient;
class BookingsModel;
class ShowsModel;
class InlineMessage;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

// An admin's list of one show's bookings, filtered by status and loaded a page
// at a time (the server's X-Total-Count says how many there are in all). When
// the show changes in `shows` (a hold, a sale, an expiry anywhere: live push or
// a refresh), the rows loaded so far are read again, at most once per
// kRefreshDelayMs however many changes come.
class ShowBookingsDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kRefreshDelayMs = 300;

    ShowBookingsDialog(ApiClient *api, ShowsModel *shows, const Show &show,
                       QWidget *parent = nullptr);

    BookingsModel *model() const { return m_model; }
    int totalCount() const { return m_total; }

public slots:
    void reload();
    void loadMore();
    // Reads the rows shown again (as many as are loaded) and replaces them when
    // the answer comes, so the list does not blink empty.
    void refresh();

signals:
    void pageLoaded();

private:
    void load(int offset, int limit, bool replace);
    void updateCounts();

    ApiClient *m_api;
    Show m_show;
    BookingsModel *m_model;
    QComboBox *m_status = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_more = nullptr;
    InlineMessage *m_message = nullptr;
    int m_total = 0;
    int m_generation = 0; // answers to an older filter are dropped
    QTimer m_refreshDelay;
};
