#pragma once

#include <QDialog>

class InlineMessage;
class QLineEdit;
class QPushButton;
class ShiftWorkflow;

// Opens the clerk's shift with the float in the till (Shift › Open shift…).
// Closes itself once the server has opened it; a refusal is said inside.
class ShiftOpenDialog : public QDialog
{
    Q_OBJECT
public:
    ShiftOpenDialog(ShiftWorkflow *workflow, const QString &currency, QWidget *parent = nullptr);

private:
    void openShift();

    ShiftWorkflow *m_workflow;
    QString m_currency;
    QLineEdit *m_float;
    QPushButton *m_open;
    InlineMessage *m_message;
};
