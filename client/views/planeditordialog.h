#pragma once

#include "seatmaptypes.h"

#include <QDialog>

class ApiClient;
class InlineMessage;
class PlanEditorModel;
class PlanPreviewView;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTreeView;

// The admin's seating-plan editor (issue 17): a plan name, a table of
// sections (name, category, rows, seats per row, first row, curved, rank)
// with a live preview of their seats; in the preview, seats are selected
// (click, rubber band), marked accessible / restricted view / aisle, dragged
// to another place, and a row renamed. "Create plan" posts the draft to
// POST /admin/plans and says the new plan's id and seat count, or the
// server's objection. Beside it, the plans already stored (GET /admin/plans):
// plans never change once made, so editing one means making a new one.
//
// Rename row changes only the section's first_row (its rows stay consecutive
// letters), so the section stays in the compact generated form.
// Lives in the GUI thread.
class PlanEditorDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PlanEditorDialog(ApiClient *api, QWidget *parent = nullptr);

    PlanEditorModel *model() const { return m_model; }
    PlanPreviewView *preview() const { return m_preview; }
    QLineEdit *nameEdit() const { return m_name; }
    QPushButton *createButton() const { return m_create; }
    InlineMessage *message() const { return m_message; }
    QStandardItemModel *plans() const { return m_plans; }

    // Marks the selected seats, or unmarks them when all of them have the mark.
    void toggleMarkOnSelection(int mark);
    // Gives the selected seat's row these letters; false (and a message) when it cannot.
    bool renameSelectedRow(const QString &letters);
    // Validates the draft and, when it is fine, sends it.
    void createPlan();
    void refreshPlans();

signals:
    // A plan was stored (also after the answer is shown in the dialog).
    void planCreated(const Api::PlanSummary &plan);

private:
    void askRenameRow();
    void updateActions();

    ApiClient *m_api;
    PlanEditorModel *m_model;
    QLineEdit *m_name;
    QTableView *m_sections;
    PlanPreviewView *m_preview;
    QPushButton *m_create;
    QList<QPushButton *> m_selectionButtons;
    InlineMessage *m_message;
    QStandardItemModel *m_plans;
    QTreeView *m_planList;
    bool m_sending = false;
};
