#pragma once

#include "shifttypes.h"

#include <QDialog>

#include <optional>

class InlineMessage;
class QLabel;
class QLineEdit;
class QPushButton;
class ShiftWorkflow;

// Closes the clerk's shift with the cash counted in the till (Shift › Close
// shift…). Once closed it stays open to show what the server expected, what
// was counted and the difference, with the whole report one click away.
class ShiftCloseDialog : public QDialog
{
    Q_OBJECT
public:
    ShiftCloseDialog(ShiftWorkflow *workflow, const QString &currency, QWidget *parent = nullptr);

signals:
    void reportRequested(const Api::ShiftReport &report);

private:
    void closeShift();
    void showClosed(const Api::ShiftReport &report);

    ShiftWorkflow *m_workflow;
    QString m_currency;
    QLineEdit *m_counted;
    QPushButton *m_close;
    QPushButton *m_report;
    QLabel *m_expected;
    QLabel *m_countedResult;
    QLabel *m_difference;
    InlineMessage *m_message;
    std::optional<Api::ShiftReport> m_closed;
};
