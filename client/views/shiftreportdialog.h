#pragma once

#include "shifttypes.h"

#include <QDialog>

class QTableWidget;

// A shift's report on screen (Shift › Shift report…): takings per payment
// method and tickets per category as tables, the cash expected, counted and
// the difference below, and Print… / Save as PDF… for the paper copy.
class ShiftReportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShiftReportDialog(const Api::ShiftReport &report, QWidget *parent = nullptr);

private:
    QTableWidget *takingsTable();
    QTableWidget *categoriesTable();

    Api::ShiftReport m_report;
};
