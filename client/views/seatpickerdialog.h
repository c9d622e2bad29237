#pragma once

#include "seatmaptypes.h"

#include <QDialog>

class InlineMessage;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QVBoxLayout;
class SeatMapView;
class SeatingWorkflow;

// The seat map of one seated show with what the counter does on it: the
// counts, a legend, "Best available: [n] [Hold]" (with an Accessible option)
// and "Hold selected". A hold made here closes the dialog; it is in the
// counter's holds list by then, with its countdown. In Block mode (admins) the
// selection may hold blocked seats too and the buttons block or unblock it.
// Only widgets: the SeatingWorkflow (owned by the dialog) does the work.
class SeatPickerDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        Sell,
        Block,
    };

    // Takes `workflow` over (it becomes the dialog's child); its show is set already.
    SeatPickerDialog(SeatingWorkflow *workflow, Mode mode, const QString &customer,
                     QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }

private:
    QWidget *buildSellControls();
    QWidget *buildBlockControls();
    QWidget *buildLegend();
    void updateLegend();
    void updateCounts();
    void updateButtons();
    void updateCursorInfo(int row);
    void holdBest(int count);
    void holdSelected();

    SeatingWorkflow *m_workflow;
    Mode m_mode;
    SeatMapView *m_map = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_cursorInfo = nullptr;
    QVBoxLayout *m_legendLayout = nullptr;
    QWidget *m_legend = nullptr;
    QLineEdit *m_customer = nullptr;
    QCheckBox *m_accessible = nullptr;
    QSpinBox *m_bestCount = nullptr;
    QPushButton *m_bestHold = nullptr;
    QPushButton *m_holdSelected = nullptr;
    QPushButton *m_block = nullptr;
    QPushButton *m_unblock = nullptr;
    InlineMessage *m_message = nullptr;
};
