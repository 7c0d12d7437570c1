"""Stand-ins for the three Tahoe-LAFS remote interfaces a helper and its clients use.

Written for our tests from the facts in ../../../../../shared/spec/foolscap-helper.md section 5:
the remote names and method signatures are those of Tahoe-LAFS 1.20.0
(src/allmydata/interfaces.py: RIHelper, RICHKUploadHelper, RIEncryptedUploadable) and the copyable
type name of its HelperUploadResults (src/allmydata/immutable/upload.py). A stock Tahoe client
picks its schemas by these names, so a Python client built on them checks our answers the way
a real node does. Only Debian's python3-foolscap (21.7) is needed.
"""

from foolscap.api import (Any, ChoiceOf, Copyable, DictOf, IntegerConstraint, ListOf,
                          RemoteCopy, RemoteInterface, StringConstraint)

# interfaces.py: Number = IntegerConstraint(8), i.e. up to 2**64; ReadSize = int (2**31)
Offset = IntegerConstraint(8)
ReadSize = int
StorageIndex = StringConstraint(16)
UploadResults = Any()


class RIEncryptedUploadable(RemoteInterface):
    __remote_name__ = "RIEncryptedUploadable.tahoe.allmydata.com"

    def get_size():
        return Offset

    def get_all_encoding_parameters():
        return (int, int, int, int)

    def read_encrypted(offset=Offset, length=ReadSize):
        return ListOf(bytes)

    def close():
        return None


class RICHKUploadHelper(RemoteInterface):
    __remote_name__ = "RIUploadHelper.tahoe.allmydata.com"

    def get_version():
        return DictOf(bytes, Any())

    def upload(reader=RIEncryptedUploadable):
        return UploadResults


class RIHelper(RemoteInterface):
    __remote_name__ = "RIHelper.tahoe.allmydata.com"

    def get_version():
        return DictOf(bytes, Any())

    def upload_chk(si=StorageIndex):
        return (UploadResults, ChoiceOf(RICHKUploadHelper, None))


class HelperUploadResults(Copyable, RemoteCopy):
    """Tahoe's copyable results: the type name must match byte for byte; the attributes that
    arrive replace the instance dictionary (the constructor defaults are not applied)."""
    typeToCopy = "allmydata.upload.UploadResults.tahoe.allmydata.com"
    copytype = typeToCopy

    def __init__(self):
        self.timings = {}
        self.sharemap = {}
        self.servermap = {}
        self.file_size = None
        self.ciphertext_fetched = None
        self.uri = None
        self.preexisting_shares = None
        self.pushed_shares = None
