#include "planeditordialog.h"

#include "apiclient.h"
#include "apierror.h"
#include "inlinemessage.h"
#include "planeditormodel.h"
#include "planpreviewview.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

// The server reads at most 64 KiB of a request body (docs/seating.md).
constexpr qsizetype kMaxBodyBytes = 64 * 1024;

} // namespace

PlanEditorDialog::PlanEditorDialog(ApiClient *api, QWidget *parent)
    : QDialog(parent), m_api(api), m_model(new PlanEditorModel(this)), m_name(new QLineEdit),
      m_sections(new QTableView), m_preview(new PlanPreviewView),
      m_create(new QPushButton(tr("&Create plan"))), m_message(new InlineMessage),
      m_plans(new QStandardItemModel(0, 4, this)), m_planList(new QTreeView)
{
    setObjectName(QStringLiteral("planEditorDialog"));
    setWindowTitle(tr("Seating plans"));
    m_name->setObjectName(QStringLiteral("planName"));
    m_sections->setObjectName(QStringLiteral("planSections"));
    m_preview->setObjectName(QStringLiteral("planPreview"));
    m_create->setObjectName(QStringLiteral("createPlanButton"));
    m_message->setObjectName(QStringLiteral("planMessage"));
    m_planList->setObjectName(QStringLiteral("storedPlans"));
    m_name->setPlaceholderText(tr("Little Theatre"));
    m_name->setMaxLength(200);

    m_sections->setModel(m_model);
    m_sections->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sections->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sections->horizontalHeader()->setStretchLastSection(true);
    m_sections->verticalHeader()->hide();
    auto *add = new QPushButton(tr("&Add section"));
    auto *remove = new QPushButton(tr("&Remove section"));
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_model->addSection();
        m_sections->selectRow(row);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_sections->currentIndex();
        if (current.isValid())
            m_model->removeSection(current.row());
    });

    m_preview->setModel(m_model);
    m_preview->setContextMenuPolicy(Qt::ActionsContextMenu);
    const std::pair<QString, PlanEditorModel::Mark> marks[] = {
        {tr("A&ccessible"), PlanEditorModel::Mark::Accessible},
        {tr("Restricted &view"), PlanEditorModel::Mark::RestrictedView},
        {tr("A&isle"), PlanEditorModel::Mark::Aisle}};
    auto *markButtons = new QHBoxLayout;
    for (const auto &[text, mark] : marks) {
        auto *button = new QPushButton(text);
        button->setToolTip(tr("Mark the selected seats, or unmark them if all of them are"));
        connect(button, &QPushButton::clicked, this,
                [this, mark] { toggleMarkOnSelection(int(mark)); });
        auto *action = new QAction(text, m_preview);
        connect(action, &QAction::triggered, button, &QPushButton::click);
        m_preview->addAction(action);
        markButtons->addWidget(button);
        m_selectionButtons.append(button);
    }
    auto *rename = new QPushButton(tr("Rename &row…"));
    rename->setToolTip(tr("Give the selected seat's row other letters; the section's other rows "
                          "follow, as its first row changes"));
    connect(rename, &QPushButton::clicked, this, &PlanEditorDialog::askRenameRow);
    auto *renameAction = new QAction(rename->text(), m_preview);
    connect(renameAction, &QAction::triggered, rename, &QPushButton::click);
    m_preview->addAction(renameAction);
    markButtons->addWidget(rename);
    markButtons->addStretch();
    m_selectionButtons.append(rename);
    connect(m_preview, &PlanPreviewView::selectionChanged, this, &PlanEditorDialog::updateActions);

    auto *seatCount = new QLabel;
    connect(m_model, &PlanEditorModel::seatsChanged, seatCount, [this, seatCount] {
        int explicitSections = 0;
        for (int s = 0; s < m_model->rowCount(); ++s)
            explicitSections += m_model->isExplicit(s) ? 1 : 0;
        seatCount->setText(explicitSections == 0
                               ? tr("%n seat(s)", nullptr, m_model->seatCount())
                               : tr("%n seat(s); %1 section(s) with moved seats are sent seat "
                                    "by seat",
                                    nullptr, m_model->seatCount())
                                     .arg(explicitSections));
    });

    m_plans->setHorizontalHeaderLabels({tr("Id"), tr("Name"), tr("Seats"), tr("Sections")});
    m_planList->setModel(m_plans);
    m_planList->setRootIsDecorated(false);
    m_planList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *reload = new QPushButton(tr("Re&load"));
    connect(reload, &QPushButton::clicked, this, &PlanEditorDialog::refreshPlans);
    auto *stored = new QGroupBox(tr("Stored plans (never changed: edit = make a new one)"));
    auto *storedLayout = new QVBoxLayout(stored);
    storedLayout->addWidget(m_planList);
    storedLayout->addWidget(reload, 0, Qt::AlignRight);

    auto *editor = new QWidget;
    auto *editorLayout = new QVBoxLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->addRow(tr("Plan &name:"), m_name);
    editorLayout->addLayout(form);
    editorLayout->addWidget(m_sections, 1);
    auto *sectionButtons = new QHBoxLayout;
    sectionButtons->addWidget(add);
    sectionButtons->addWidget(remove);
    sectionButtons->addStretch();
    sectionButtons->addWidget(seatCount);
    editorLayout->addLayout(sectionButtons);
    editorLayout->addWidget(m_preview, 2);
    editorLayout->addLayout(markButtons);

    auto *splitter = new QSplitter;
    splitter->addWidget(editor);
    splitter->addWidget(stored);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_create, QDialogButtonBox::ActionRole);
    connect(m_create, &QPushButton::clicked, this, &PlanEditorDialog::createPlan);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(1000, 700);

    m_model->addSection();
    m_model->setData(m_model->index(0, PlanEditorModel::NameColumn), tr("Stalls"));
    updateActions();
    refreshPlans();
}

void PlanEditorDialog::updateActions()
{
    const int selected = int(m_preview->selectedSeats().size());
    for (QPushButton *button : std::as_const(m_selectionButtons))
        button->setEnabled(selected > 0);
    for (QAction *action : m_preview->actions())
        action->setEnabled(selected > 0);
    m_create->setEnabled(!m_sending);
}

void PlanEditorDialog::toggleMarkOnSelection(int mark)
{
    const auto kind = PlanEditorModel::Mark(mark);
    const auto selected = m_preview->selectedSeats();
    if (selected.isEmpty())
        return;
    const QList<PlanEditorModel::Seat> seats = m_model->seats();
    bool all = true;
    for (const PlanEditorModel::Seat &seat : seats) {
        if (!selected.contains(
                {seat.section, PlanEditorModel::seatKey(seat.rowIndex, seat.number)}))
            continue;
        const bool has = kind == PlanEditorModel::Mark::Accessible       ? seat.accessible
                         : kind == PlanEditorModel::Mark::RestrictedView ? seat.restrictedView
                                                                         : seat.aisle;
        all = all && has;
    }
    m_model->setMark(selected, kind, !all);
}

void PlanEditorDialog::askRenameRow()
{
    const auto selected = m_preview->selectedSeats();
    if (selected.isEmpty())
        return;
    const int section = selected.first().first;
    const int rowIndex = int(selected.first().second >> 32);
    bool ok = false;
    const QString current = PlanEditorModel::rowLetters(
        PlanEditorModel::rowIndexOf(
            m_model->index(section, PlanEditorModel::FirstRowColumn).data().toString()) +
        rowIndex);
    const QString letters = QInputDialog::getText(
        this, tr("Rename row"),
        tr("New letters for row %1 (the section's other rows follow):").arg(current),
        QLineEdit::Normal, current, &ok);
    if (ok)
        renameSelectedRow(letters);
}

bool PlanEditorDialog::renameSelectedRow(const QString &letters)
{
    const auto selected = m_preview->selectedSeats();
    if (selected.isEmpty())
        return false;
    const QString problem =
        m_model->renameRow(selected.first().first, int(selected.first().second >> 32), letters);
    if (!problem.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Warning, problem);
        return false;
    }
    m_message->clearMessage();
    return true;
}

void PlanEditorDialog::createPlan()
{
    if (m_sending)
        return;
    if (const QString problem = m_model->validate(m_name->text()); !problem.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Warning, problem);
        if (m_name->text().trimmed().isEmpty())
            m_name->setFocus();
        return;
    }
    const QJsonObject body = m_model->toJson(m_name->text());
    const qsizetype bytes = QJsonDocument(body).toJson(QJsonDocument::Compact).size();
    if (bytes > kMaxBodyBytes) {
        m_message->showMessage(
            InlineMessage::Kind::Warning,
            tr("This plan is %1 KiB to send; the server takes at most 64 KiB. Move fewer seats: "
               "only sections with moved seats are sent seat by seat.")
                .arg((bytes + 1023) / 1024));
        return;
    }
    m_sending = true;
    updateActions();
    m_message->showMessage(InlineMessage::Kind::Info, tr("Creating the plan…"));
    m_api->createPlan(body, this, [this](const Result<Api::PlanSummary> &result) {
        m_sending = false;
        updateActions();
        if (!result) {
            m_message->showMessage(InlineMessage::Kind::Error,
                                   tr("Not created: %1").arg(ApiError::describe(result.error())));
            return;
        }
        m_message->showMessage(
            InlineMessage::Kind::Success,
            tr("Plan %1 “%2” created with %n seat(s).", nullptr, result->seatCount)
                .arg(result->id)
                .arg(result->name));
        emit planCreated(*result);
        refreshPlans();
    });
}

void PlanEditorDialog::refreshPlans()
{
    m_api->listPlans(this, [this](const Result<QList<Api::PlanSummary>> &result) {
        if (!result) {
            m_planList->setToolTip(
                tr("Could not read the stored plans: %1").arg(ApiError::describe(result.error())));
            return;
        }
        m_planList->setToolTip({});
        m_plans->setRowCount(0);
        for (const Api::PlanSummary &plan : *result) {
            QList<QStandardItem *> row;
            for (const QVariant &value : {QVariant(plan.id), QVariant(plan.name),
                                          QVariant(plan.seatCount), QVariant(plan.sectionCount)}) {
                auto *item = new QStandardItem;
                item->setData(value, Qt::DisplayRole);
                row.append(item);
            }
            m_plans->appendRow(row);
        }
    });
}
