//! The rules of teachers, written once: who sees a teacher's record and
//! code; and of transfers, where `viewerCan`, the fields that show or hide
//! the record, and `decideTeacherTransfer` all ask here.

use super::{
    transfers::{TransferRow, TransferStatus},
    TeacherRow,
};
use crate::{
    authz::{Access, Operation, UnitTarget},
    error::{ErrorCode, InputError},
};

impl TeacherRow {
    pub fn is_self(&self, access: &Access<'_>) -> bool {
        self.user_id.is_some() && self.user_id == access.viewer().user_id()
    }

    /// The teacher, or someone who reads their current school's roster.
    pub fn may_follow(&self, access: &Access<'_>) -> bool {
        self.is_self(access)
            || self
                .school_target()
                .is_some_and(|t| access.can(Operation::ReadTeachers, &t))
    }

    /// The personal code is for the teacher and their school only.
    pub fn shows_personal_code_to(&self, access: &Access<'_>) -> bool {
        self.is_self(access)
            || self
                .school_target()
                .is_some_and(|t| access.can(Operation::ReadPersonalCodes, &t))
    }

    fn school_target(&self) -> Option<UnitTarget> {
        Some(UnitTarget {
            id: self.active_school_id?,
            path: self.active_school_path.clone()?,
        })
    }
}

/// Who the viewer is to a transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// The former school (or a unit reading its roster).
    Former,
    /// The teacher herself.
    Teacher,
    /// The school that asked.
    New,
    None,
}

impl TransferRow {
    /// The school whose roster had the teacher, where deciding is allowed.
    pub fn former_target(&self) -> Option<UnitTarget> {
        Some(UnitTarget {
            id: self.from_school_id?,
            path: self.from_school_path.clone()?,
        })
    }

    fn asking_target(&self) -> UnitTarget {
        UnitTarget {
            id: self.to_school_id,
            path: self.to_school_path.clone(),
        }
    }

    fn is_teacher(&self, access: &Access<'_>) -> bool {
        self.teacher_user_id.is_some() && self.teacher_user_id == access.viewer().user_id()
    }

    pub fn party(&self, access: &Access<'_>) -> Party {
        if self.is_teacher(access) {
            Party::Teacher
        } else if self
            .former_target()
            .is_some_and(|t| access.can(Operation::ReadTeachers, &t))
        {
            Party::Former
        } else if access.can(Operation::ReadTeachers, &self.asking_target()) {
            Party::New
        } else {
            Party::None
        }
    }

    /// Whether `party` sees the teacher's record: the former school and the
    /// teacher always, the asking school only once the transfer is confirmed.
    pub fn shows_teacher_to(&self, party: Party) -> bool {
        match party {
            Party::Former | Party::Teacher => true,
            Party::New => self.status == TransferStatus::Confirmed,
            Party::None => false,
        }
    }

    /// Who may decide: the former school's admins (`teacher write` there) or
    /// the teacher (`teacher self` at the school whose roster has her).
    /// Says nothing of whether it is still pending ([`Self::check_pending`]).
    pub fn may_decide_as_party(&self, access: &Access<'_>) -> bool {
        let Some(from) = self.former_target() else {
            return self.is_teacher(access);
        };
        access.can(Operation::EditTeachers, &from)
            || (self.is_teacher(access) && access.can(Operation::StateOwnServiceUnit, &from))
    }

    /// A transfer is decided once.
    pub fn check_pending(&self) -> Result<(), InputError> {
        if self.status == TransferStatus::Pending {
            Ok(())
        } else {
            Err(InputError::new(
                "transferId",
                ErrorCode::Conflict,
                "This transfer has already been decided.",
            ))
        }
    }

    /// For `viewerCan`: pending, and the viewer is one who may decide.
    pub fn may_decide(&self, access: &Access<'_>) -> bool {
        self.check_pending().is_ok() && self.may_decide_as_party(access)
    }
}
