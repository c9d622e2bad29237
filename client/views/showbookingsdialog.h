#pragma once

#include "show.h"

#include <QDialog>

class ApiClient;
class BookingsModel;
class InlineMessage;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

// An admin's list of one show's bookings, filtered by status and loaded a page
// at a time (the server's X-Total-Count says how many there are in all).
class ShowBookingsDialog : public QDialog
{
    Q_OBJECT
public:
    ShowBookingsDialog(ApiClient *api, const Show &show, QWidget *parent = nullptr);

    BookingsModel *model() const { return m_model; }
    int totalCount() const { return m_total; }

public slots:
    void reload();
    void loadMore();

signals:
    void pageLoaded();

private:
    void load(int offset);
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
};
