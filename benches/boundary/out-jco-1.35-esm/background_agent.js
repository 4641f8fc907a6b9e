"use components";
import { call, log, nowMs, persist, randomBytes, setInterest, setTimer, showToast, taskSettled } from '../host-esm.mjs';

const emptyFunc = () => {};

let dv = new DataView(new ArrayBuffer());
const dataView = mem => dv.buffer === mem.buffer ? dv : dv = new DataView(mem.buffer);

function toUint64(val) {
  const converted = BigInt(val)
  
  return BigInt.asUintN(64, converted);
}


function toUint16(val) {
  
  val >>>= 0;
  val %= 2 ** 16;
  return val;
}


function toUint32(val) {
  
  return val >>> 0;
}


function _isValidNumericPrimitive(ty, v) {
  if (v === undefined || v === null) { return false; }
  switch (ty) {
    case 'bool':
    return v === 0 || v === 1;
    break;
    case 'u8':
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;
    break;
    case 's8':
    return typeof v === 'number' && Number.isInteger(v) && v >= -128 && v <= 127;
    break;
    case 'u16':
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;
    break;
    case 's16':
    return typeof v === 'number' && Number.isInteger(v) && v >= -32768 && v <= 32767;
    case 'u32':
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4_294_967_295;
    case 's32':
    return typeof v === 'number' && Number.isInteger(v) && v >= -2_147_483_648 && v <= 2_147_483_647;
    case 'u64':
    return typeof v === 'bigint' && v >= 0 && v <= 18_446_744_073_709_551_615n;
    case 's64':
    return typeof v === 'bigint' && v >= -9223372036854775808n && v <= 9223372036854775807n;
    break;
    case 'f32':
    case 'f64': return typeof v === 'number';
    default:
    return false;
  }
  return true;
}

function _requireValidNumericPrimitive(ty, v) {
  if (v === undefined  || v === null || !_isValidNumericPrimitive(ty, v)) {
    throw new TypeError(`invalid ${ty} value [${v}]`);
  }
  return true;
}
const utf16Decoder = new TextDecoder('utf-16');
const TEXT_DECODER_UTF8 = new TextDecoder();
const TEXT_ENCODER_UTF8 = new TextEncoder();

function _utf8AllocateAndEncode(s, realloc, memory) {
  if (typeof s !== 'string') {
    throw new TypeError('expected a string, received [' + typeof s + ']');
  }
  if (s.length === 0) { return { ptr: 1, len: 0 }; }
  // Compute the exact allocation size up front. Some older preview1
  // adapters only support an initial allocation, not a subsequent shrink.
  let len = 0;
  let codepoints = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    codepoints++;
    if (ch < 0x80) { len += 1; }
    else if (ch < 0x800) { len += 2; }
    else if (ch >= 0xd800 && ch <= 0xdbff &&
    i + 1 < s.length &&
    (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      len += 4;
      i++;
    } else { len += 3; }
  }
  const ptr = realloc(0, 0, 1, len);
  const { read, written } = TEXT_ENCODER_UTF8.encodeInto(
  s,
  new Uint8Array(memory.buffer, ptr, len),
  );
  if (read !== s.length || written !== len) {
    throw new Error('failed to encode whole string');
  }
  const res = { ptr, len, codepoints };
  return res;
}

const T_FLAG = 1 << 30;

function rscTableCreateOwn(table, rep) {
  const free = table[0] & ~T_FLAG;
  table._createdReps.add(rep);
  if (free === 0) {
    table.push(0);
    table.push(rep | T_FLAG);
    return (table.length >> 1) - 1;
  }
  table[0] = table[free << 1];
  table[free << 1] = 0;
  table[(free << 1) + 1] = rep | T_FLAG;
  return free;
}

const RESOURCE_SCOPE_TASKS = new Map();
const WebAssemblyRuntimeError = WebAssembly.RuntimeError;

function rscTableRemove(table, handle) {
  const scope = table[handle << 1];
  const val = table[(handle << 1) + 1];
  const own = (val & T_FLAG) !== 0;
  const rep = val & ~T_FLAG;
  if (val === 0 || (scope & T_FLAG) !== 0) {
    // Resource entries occupy scope/rep pairs after the table sentinel.
    throw new WebAssemblyRuntimeError(`unknown handle index ${(handle << 1) + 1}`);
  }
  if (own && scope !== 0) {
    throw new WebAssemblyRuntimeError('cannot remove owned resource while borrowed');
  }
  const borrowTask = own ? undefined : RESOURCE_SCOPE_TASKS.get(scope);
  table[handle << 1] = table[0] | T_FLAG;
  table[0] = handle | T_FLAG;
  borrowTask?.removeBorrowedHandle();
  return { rep, scope, own };
}

let RESOURCE_SCOPE_ID = 0;
const ASYNC_TASKS_BY_COMPONENT_IDX = new Map();
const ASYNC_CURRENT_COMPONENT_IDXS = [];

function getCurrentTask(componentIdx, taskID) {
  let usedGlobal = false;
  if (componentIdx === undefined || componentIdx === null) {
    throw new Error('missing component idx'); // TODO(fix)
    // componentIdx = ASYNC_CURRENT_COMPONENT_IDXS.at(-1);
    // usedGlobal = true;
  }
  
  const taskMetas = ASYNC_TASKS_BY_COMPONENT_IDX.get(componentIdx);
  if (taskMetas === undefined || taskMetas.length === 0) { return undefined; }
  
  if (taskID) {
    return taskMetas.find(meta => meta.task.id() === taskID);
  }
  
  const taskMeta = taskMetas[taskMetas.length - 1];
  if (!taskMeta || !taskMeta.task) { return undefined; }
  
  return taskMeta;
}
const ASYNC_CURRENT_TASK_IDS = [];

const _debugLog = (...args) => {
  if (!globalThis?.process?.env?.JCO_DEBUG) { return; }
  console.debug(...args);
};

function clearCurrentTask(componentIdx, taskID) {
  _debugLog('[clearCurrentTask()] args', { componentIdx, taskID });
  
  if (componentIdx === undefined || componentIdx === null) {
    throw new Error('missing/invalid component instance index while ending current task');
  }
  
  const tasks = ASYNC_TASKS_BY_COMPONENT_IDX.get(componentIdx);
  if (!tasks || !Array.isArray(tasks)) {
    throw new Error('missing/invalid tasks for component instance while ending task');
  }
  if (tasks.length == 0) {
    throw new Error(`no current tasks for component instance [${componentIdx}] while ending task`);
  }
  
  if (taskID !== undefined) {
    const last = tasks[tasks.length - 1];
    if (last.id !== taskID) {
      // throw new Error('current task does not match expected task ID');
      return;
    }
  }
  
  ASYNC_CURRENT_TASK_IDS.pop();
  ASYNC_CURRENT_COMPONENT_IDXS.pop();
  
  const taskMeta = tasks.pop();
  return taskMeta.task;
}
const ASYNC_STATE = new Map();

function promiseWithResolvers() {
  if (Promise.withResolvers) {
    return Promise.withResolvers();
  } else {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }
}

class Waitable {
  #componentIdx;
  
  #pendingEventFn = null;
  
  #promise;
  #resolve;
  #reject;
  
  #waitableSet = null;
  
  #hasSyncWaiter = false;
  
  #idx = null; // to component-global waitables
  
  target;
  
  constructor(args) {
    const { componentIdx, target } = args;
    this.#componentIdx = componentIdx;
    this.target = args.target;
    this.#resetPromise();
  }
  
  componentIdx() { return this.#componentIdx; }
  isInSet() { return this.#waitableSet !== null; }
  
  idx() { return this.#idx; }
  setIdx(idx) {
    if (idx === 0) { throw new Error("waitable idx cannot be zero"); }
    this.#idx = idx;
  }
  
  setTarget(tgt) { this.target = tgt; }
  
  #resetPromise() {
    const { promise, resolve, reject } = promiseWithResolvers()
    this.#promise = promise;
    this.#resolve = resolve;
    this.#reject = reject;
  }
  
  resolve() { this.#resolve(); }
  reject(err) { this.#reject(err); }
  promise() { return this.#promise; }
  
  hasPendingEvent() {
    // _debugLog('[Waitable#hasPendingEvent()]', {
      //     componentIdx: this.#componentIdx,
      //     waitable: this,
      //     waitableSet: this.#waitableSet,
      //     hasPendingEvent: this.#pendingEventFn !== null,
      // });
      return this.#pendingEventFn !== null;
    }
    
    setPendingEvent(fn) {
      _debugLog('[Waitable#setPendingEvent()] args', {
        waitable: this,
        inSet: this.#waitableSet,
      });
      this.#pendingEventFn = fn;
    }
    
    getPendingEvent() {
      _debugLog('[Waitable#getPendingEvent()] args', {
        waitable: this,
        inSet: this.#waitableSet,
        hasPendingEvent: this.#pendingEventFn !== null,
      });
      if (this.#pendingEventFn === null) { return null; }
      const eventFn = this.#pendingEventFn;
      this.#pendingEventFn = null;
      const e = eventFn();
      this.#resetPromise();
      return e;
    }
    
    join(waitableSet) {
      _debugLog('[Waitable#join()] args', {
        waitable: this,
        waitableSet: waitableSet,
        isRemoval: waitableSet === null,
      });
      
      if (this.#waitableSet === undefined) {
        throw new TypeError('waitable set must be not be undefined');
      }
      
      if (this.#waitableSet) {
        this.#waitableSet.removeWaitable(this);
      }
      
      this.#waitableSet = waitableSet;
      
      if (waitableSet) {
        this.#waitableSet.addWaitable(this);
      }
    }
    
    drop() {
      _debugLog('[Waitable#drop()] args', {
        componentIdx: this.#componentIdx,
        waitable: this,
      });
      if (this.hasPendingEvent()) {
        throw new Error('waitables with pending events cannot be dropped');
      }
      this.join(null);
    }
    
    async waitForPendingEvent(args) {
      const { cstate } = args;
      if (!cstate) { throw new TypeError('missing component state'); }
      
      if (this.#waitableSet !== null || this.#hasSyncWaiter) {
        throw new Error("waitable is already in a set/has a sync waiter");
      }
      this.#hasSyncWaiter = true;
      await cstate.waitUntil({
        cancellable: false,
        readyFn: () => this.hasPendingEvent(),
      });
      this.#hasSyncWaiter = false;
    }
    
  }
  const INSTANCE_FLAGS = new Map();
  const STORE_TRAP = { error: null };
  const STORE_ASYNC_STATE = { deadlockCheck: null, pendingHostOperations: 0 };
  
  function _checkForDeadlock() {
    if (STORE_ASYNC_STATE.deadlockCheck !== null || STORE_TRAP.error !== null) { return; }
    STORE_ASYNC_STATE.deadlockCheck = setTimeout(() => {
      STORE_ASYNC_STATE.deadlockCheck = null;
      if (STORE_TRAP.error !== null || STORE_ASYNC_STATE.pendingHostOperations > 0) { return; }
      
      const suspendedTasks = new Set();
      for (const state of ASYNC_STATE.values()) {
        if (state.hasPendingSchedulerWork()) {
          state.runTickLoop();
          return;
        }
        for (const meta of state.suspendedTaskMetas()) {
          suspendedTasks.add(meta.task);
        }
      }
      
      const unresolvedRoots = new Set();
      for (const task of suspendedTasks) {
        const root = task.getRootTask();
        if (!root.isResolvedState()) { unresolvedRoots.add(root); }
      }
      if (unresolvedRoots.size === 0) { return; }
      
      const err = new WebAssemblyRuntimeError('wasm trap: deadlock detected: event loop cannot make further progress');
      // Which tasks were waiting, and on whose behalf. The message stays
      // exactly what the Canonical ABI calls for, so this rides alongside
      // it: a deadlock reported from a real program is otherwise a bare
      // sentence, and the state that produced it is gone by the time
      // anyone reads the failure.
      err.deadlockDetail = {
        pendingHostOperations: STORE_ASYNC_STATE.pendingHostOperations,
        suspendedTasks: [...suspendedTasks].map((task) => ({
          taskID: task.id(),
          componentIdx: task.componentIdx(),
          state: task.taskState(),
          rootTaskID: task.getRootTask().id(),
        })),
        unresolvedRootTaskIDs: [...unresolvedRoots].map((root) => root.id()),
      };
      STORE_TRAP.error = err;
      for (const root of unresolvedRoots) {
        root.setErrored(err);
        root.reject(err);
      }
      for (const task of suspendedTasks) {
        if (!task.isResolvedState() && unresolvedRoots.has(task.getRootTask())) {
          task.setErrored(err);
          task.reject(err);
        }
      }
      for (const state of ASYNC_STATE.values()) { state.runTickLoop(); }
    }, 0);
  }
  
  const CORE_TRAP_MESSAGES = new Map([
  ['unreachable', "wasm trap: wasm `unreachable` instruction executed"],
  ['memory access out of bounds', "wasm trap: out of bounds memory access"],
  ['divide by zero', "wasm trap: integer divide by zero"],
  ['remainder by zero', "wasm trap: integer divide by zero"],
  ['divide result unrepresentable', "wasm trap: integer overflow"],
  ['float unrepresentable in integer range', "wasm trap: invalid conversion to integer"],
  ['table index is out of bounds', "wasm trap: undefined element: out of bounds table access"],
  ['function signature mismatch', "wasm trap: indirect call type mismatch"],
  ['call stack exhausted', "wasm trap: call stack exhausted"],
  ]);
  function _normalizeCoreTrap(err) {
    if (!(err instanceof WebAssemblyRuntimeError)) { return err; }
    const message = CORE_TRAP_MESSAGES.get(err.message);
    if (message !== undefined) { err.message = message; }
    return err;
  }
  
  class RepTable {
    // Sentinel marking a freed slot; the freelist link for a freed slot
    // lives in the odd cell. This keeps get()/contains()/remove() on freed
    // reps well-defined (previously they returned/corrupted freelist links).
    static FREE = Symbol('RepTable.free');
    
    #data = [0, null];
    #size = 0;
    #target;
    
    constructor(args) {
      this.target = args?.target;
    }
    
    data() { return this.#data; }
    
    insert(val) {
      _debugLog('[RepTable#insert()] args', { val, target: this.target });
      const freeIdx = this.#data[0];
      if (freeIdx === 0) {
        this.#data.push(val);
        this.#data.push(null);
        const rep = (this.#data.length >> 1) - 1;
        _debugLog('[RepTable#insert()] inserted', { val, target: this.target, rep });
        this.#size += 1;
        return rep;
      }
      const placementIdx = freeIdx << 1;
      if (this.#data[placementIdx] !== RepTable.FREE) {
        throw new Error('corrupt rep table freelist: head does not point at a freed slot');
      }
      this.#data[0] = this.#data[placementIdx + 1];
      this.#data[placementIdx] = val;
      this.#data[placementIdx + 1] = null;
      _debugLog('[RepTable#insert()] inserted', { val, target: this.target, rep: freeIdx });
      this.#size += 1;
      return freeIdx;
    }
    
    get(rep) {
      _debugLog('[RepTable#get()] args', { rep, target: this.target });
      if (rep === 0) { throw new Error('invalid resource rep during get, (cannot be 0)'); }
      
      const baseIdx = rep << 1;
      const val = this.#data[baseIdx];
      if (val === RepTable.FREE) { return undefined; }
      return val;
    }
    
    contains(rep) {
      _debugLog('[RepTable#contains()] args', { rep, target: this.target });
      if (rep === 0) { throw new Error('invalid resource rep during contains, (cannot be 0)'); }
      
      const baseIdx = rep << 1;
      const val = this.#data[baseIdx];
      return val !== RepTable.FREE && !!val;
    }
    
    remove(rep) {
      _debugLog('[RepTable#remove()] args', { rep, target: this.target });
      if (rep === 0) { throw new Error('invalid resource rep during remove, (cannot be 0)'); }
      if (this.#data.length === 2) { throw new Error('invalid'); }
      
      const baseIdx = rep << 1;
      if (baseIdx >= this.#data.length) {
        throw new Error(`invalid rep [${rep}] during remove, out of range`);
      }
      const val = this.#data[baseIdx];
      if (val === RepTable.FREE) {
        throw new Error(`double removal of rep [${rep}] (already freed)`);
      }
      
      this.#data[baseIdx] = RepTable.FREE;
      this.#data[baseIdx + 1] = this.#data[0];
      this.#data[0] = rep;
      this.#size -= 1;
      
      return val;
    }
    
    size() { return this.#size; }
    
    clear() {
      _debugLog('[RepTable#clear()] args', { rep, target: this.target });
      this.#data = [0, null];
    }
  }
  
  class ComponentAsyncState {
    static EVENT_HANDLER_EVENTS = [ 'backpressure-change' ];
    
    static TickResult = {
      // no suspended tasks remain
      DONE: 'done',
      // a suspended task was resumed (more may be ready)
      RESUMED: 'resumed',
      // suspended tasks remain but none were ready
      IDLE: 'idle',
    };
    
    #componentIdx;
    #callingAsyncImport = false;
    #syncImportWait = promiseWithResolvers();
    #lockHolderTaskID = null;
    #lockWaiters = [];
    #lockHandoffScheduled = false;
    #pendingTaskStarts = 0;
    #parkedTasks = new Map();
    #suspendedTasksByTaskID = new Map();
    #suspendedTaskIDs = [];
    #errored = null;
    #trapped = false;
    #backpressure = 0;
    #backpressureWaiters = 0n;
    
    #handlerMap = new Map();
    #nextHandlerID = 0n;
    
    #tickLoop = null;
    #tickLoopInterval = null;
    
    #onExclusiveReleaseHandlers = [];
    
    #mayLeave = true;
    
    handles;
    subtasks;
    
    constructor(args) {
      this.#componentIdx = args.componentIdx;
      this.handles = new RepTable({ target: `component [${this.#componentIdx}] handles (waitable objects)` });
      this.subtasks = new RepTable({ target: `component [${this.#componentIdx}] subtasks` });
    };
    
    componentIdx() { return this.#componentIdx; }
    
    get mayLeave() {
      const flags = INSTANCE_FLAGS.get(this.#componentIdx);
      return flags === undefined ? this.#mayLeave : flags.value === 1;
    }
    set mayLeave(value) {
      if (typeof value !== 'boolean') { throw new TypeError('mayLeave must be a boolean'); }
      this.#mayLeave = value;
      const flags = INSTANCE_FLAGS.get(this.#componentIdx);
      if (flags !== undefined) { flags.value = value ? 1 : 0; }
    }
    
    errored() { return this.#errored !== null; }
    setErrored(err) {
      _debugLog('[ComponentAsyncState#setErrored()] component errored', { err, componentIdx: this.#componentIdx });
      if (this.#errored) { return; }
      if (!err) {
        err = new Error('error elswehere (see other component instance error)')
        err.componentIdx = this.#componentIdx;
      }
      this.#errored = err;
    }
    
    markTrapped(err) {
      if (!(err instanceof WebAssemblyRuntimeError)) {
        return false;
      }
      err = _normalizeCoreTrap(err);
      this.#trapped = true;
      _debugLog('[ComponentAsyncState#markTrapped()] component trapped', { err, componentIdx: this.#componentIdx });
      if (STORE_TRAP.error === null) { STORE_TRAP.error = err; }
      return true;
    }
    
    throwIfTrapped() {
      if (this.#trapped) {
        throw new WebAssemblyRuntimeError("wasm trap: cannot enter component instance");
      }
    }
    
    callingSyncImport(val) {
      if (val === undefined) { return this.#callingAsyncImport; }
      if (typeof val !== 'boolean') { throw new TypeError('invalid setting for async import'); }
      const prev = this.#callingAsyncImport;
      this.#callingAsyncImport = val;
      if (prev === true && this.#callingAsyncImport === false) {
        this.#notifySyncImportEnd();
      }
    }
    
    #notifySyncImportEnd() {
      const existing = this.#syncImportWait;
      this.#syncImportWait = promiseWithResolvers();
      existing.resolve();
    }
    
    async waitForSyncImportCallEnd() {
      await this.#syncImportWait.promise;
    }
    
    setBackpressure(v) {
      this.#backpressure = v;
      return this.#backpressure
    }
    getBackpressure() { return this.#backpressure; }
    
    incrementBackpressure() {
      const current = this.#backpressure;
      if (current < 0 || current > 2**16) {
        throw new Error(`invalid current backpressure value [${current}]`);
      }
      const newValue = this.getBackpressure() + 1;
      if (newValue >= 2**16) {
        throw new Error(`invalid new backpressure value [${newValue}], overflow`);
      }
      return this.setBackpressure(newValue);
    }
    
    decrementBackpressure() {
      const current = this.#backpressure;
      if (current < 0 || current > 2**16) {
        throw new Error(`invalid current backpressure value [${current}]`);
      }
      const newValue = Math.max(0, current - 1);
      if (newValue < 0) {
        throw new Error(`invalid new backpressure value [${newValue}], underflow`);
      }
      return this.setBackpressure(newValue);
    }
    hasBackpressure() { return this.#backpressure > 0; }
    
    waitForBackpressure() {
      let backpressureCleared = false;
      const cstate = this;
      cstate.addBackpressureWaiter();
      const handlerID = this.registerHandler({
        event: 'backpressure-change',
        fn: (bp) => {
          if (bp === 0) {
            cstate.removeHandler(handlerID);
            backpressureCleared = true;
          }
        }
      });
      return new Promise((resolve) => {
        const interval = setInterval(() => {
          if (backpressureCleared) { return; }
          clearInterval(interval);
          cstate.removeBackpressureWaiter();
          resolve(null);
        }, 0);
      });
    }
    
    registerHandler(args) {
      const { event, fn } = args;
      if (!event) { throw new Error("missing handler event"); }
      if (!fn) { throw new Error("missing handler fn"); }
      
      if (!ComponentAsyncState.EVENT_HANDLER_EVENTS.includes(event)) {
        throw new Error(`unrecognized event handler [${event}]`);
      }
      
      const handlerID = this.#nextHandlerID++;
      let handlers = this.#handlerMap.get(event);
      if (!handlers) {
        handlers = [];
        this.#handlerMap.set(event, handlers)
      }
      
      handlers.push({ id: handlerID, fn, event });
      return handlerID;
    }
    
    removeHandler(args) {
      const { event, handlerID } = args;
      const registeredHandlers = this.#handlerMap.get(event);
      if (!registeredHandlers) { return; }
      const found = registeredHandlers.find(h => h.id === handlerID);
      if (!found) { return; }
      this.#handlerMap.set(event, this.#handlerMap.get(event).filter(h => h.id !== handlerID));
    }
    
    getBackpressureWaiters() { return this.#backpressureWaiters; }
    addBackpressureWaiter() { this.#backpressureWaiters++; }
    removeBackpressureWaiter() {
      this.#backpressureWaiters--;
      if (this.#backpressureWaiters < 0) {
        throw new Error("unexepctedly negative number of backpressure waiters");
      }
    }
    
    // The per-slice mutual-exclusion lock for guest execution in this
    // component instance. Guest slices (callback invocations and
    // sync-lifted bodies) must be atomic per component even across the
    // JSPI suspensions jco introduces for host imports: wit-bindgen's
    // executors publish per-task state in single linear-memory cells
    // (the wasip3-task pointer, context-local storage discipline) that
    // an interleaved slice of the same component corrupts
    //
    // The lock is *owned*: acquisition records the holder task and
    // release is a no-op for anyone else, so a task exiting can no
    // longer drop a hold it does not own (blind acquire/release-any
    // was the previous discipline). Contended acquisition queues
    // FIFO; release hands the lock to the next waiter directly.
    isExclusivelyLocked() { return this.#lockHolderTaskID !== null; }
    exclusivelyLockedBy(taskID) { return this.#lockHolderTaskID === taskID; }
    
    exclusiveLock(taskID) {
      _debugLog('[ComponentAsyncState#exclusiveLock()]', {
        holder: this.#lockHolderTaskID,
        requester: taskID,
        componentIdx: this.#componentIdx,
      });
      if (taskID === undefined || taskID === null) {
        throw new Error('exclusive lock requires the acquiring task id');
      }
      if (this.#lockHolderTaskID !== null) {
        throw new Error(`component [${this.#componentIdx}] exclusive lock held by task [${this.#lockHolderTaskID}], requested by [${taskID}]`);
      }
      this.#lockHolderTaskID = taskID;
    }
    
    // Awaitable acquisition: takes the lock immediately when free,
    // otherwise queues FIFO behind the current holder and earlier
    // waiters. The resolved promise implies ownership.
    acquireExclusiveLock(taskID) {
      if (taskID === undefined || taskID === null) {
        throw new Error('exclusive lock requires the acquiring task id');
      }
      if (this.#lockHolderTaskID === null) {
        this.#lockHolderTaskID = taskID;
        _debugLog('[ComponentAsyncState#acquireExclusiveLock()] acquired', {
          holder: taskID,
          componentIdx: this.#componentIdx,
        });
        return;
      }
      if (this.#lockHolderTaskID === taskID) {
        throw new Error(`task [${taskID}] already holds the lock for component [${this.#componentIdx}]`);
      }
      _debugLog('[ComponentAsyncState#acquireExclusiveLock()] waiting', {
        holder: this.#lockHolderTaskID,
        requester: taskID,
        componentIdx: this.#componentIdx,
        queued: this.#lockWaiters.length,
      });
      return new Promise((resolve) => {
        this.#lockWaiters.push({ taskID, resolve });
      });
    }
    
    exclusiveRelease(taskID) {
      _debugLog('[ComponentAsyncState#exclusiveRelease()] args', {
        holder: this.#lockHolderTaskID,
        releaser: taskID,
        componentIdx: this.#componentIdx,
      });
      if (this.#lockHolderTaskID !== taskID) {
        // Ownerless releases were the historical behavior; a foreign
        // release now leaves the hold intact
        _debugLog('[ComponentAsyncState#exclusiveRelease()] ignoring foreign release', {
          holder: this.#lockHolderTaskID,
          releaser: taskID,
          componentIdx: this.#componentIdx,
        });
        return false;
      }
      
      // Make the release observable before handing the lock to the next
      // asynchronous guest slice.
      //
      // Release handlers may expose a lifted value whose consumer immediately
      // performs a synchronous call on the same component; that call must run
      // while the instance is genuinely unlocked, not via enterSync's
      // lock-free fallback code.
      this.#lockHolderTaskID = null;
      
      this.#onExclusiveReleaseHandlers = this.#onExclusiveReleaseHandlers.filter(v => !!v);
      for (const [idx, f] of this.#onExclusiveReleaseHandlers.entries()) {
        try {
          this.#onExclusiveReleaseHandlers[idx] = null;
          f();
        } catch (err) {
          _debugLog("error while executing handler for next exclusive release", err);
          throw err;
        }
      }
      this.#scheduleLockHandoff();
      return true;
    }
    
    #scheduleLockHandoff() {
      if (this.#lockHandoffScheduled || this.#lockWaiters.length === 0) { return; }
      this.#lockHandoffScheduled = true;
      queueMicrotask(() => {
        this.#lockHandoffScheduled = false;
        // A synchronous call triggered by a release handler gets the
        // first opportunity to use the unlocked component.
        //
        // Its release will leave this queued handoff in place.
        if (this.#lockHolderTaskID !== null) {
          this.#scheduleLockHandoff();
          return;
        }
        const next = this.#lockWaiters.shift();
        if (!next) { return; }
        this.#lockHolderTaskID = next.taskID;
        next.resolve();
      });
    }
    
    onNextExclusiveRelease(fn) {
      _debugLog('[ComponentAsyncState#()onNextExclusiveRelease] registering');
      this.#onExclusiveReleaseHandlers.push(fn);
    }
    
    async waitForExclusiveRelease() {
      while (this.isExclusivelyLocked()) {
        await new Promise(resolve => this.onNextExclusiveRelease(resolve));
      }
    }
    
    #getSuspendedTaskMeta(taskID) {
      return this.#suspendedTasksByTaskID.get(taskID);
    }
    
    #removeSuspendedTaskMeta(taskID) {
      _debugLog('[ComponentAsyncState#removeSuspendedTaskMeta()] removing suspended task', {
        taskID,
        componentIdx: this.#componentIdx,
      });
      const idx = this.#suspendedTaskIDs.findIndex(t => t === taskID);
      const meta = this.#suspendedTasksByTaskID.get(taskID);
      this.#suspendedTaskIDs[idx] = null;
      this.#suspendedTasksByTaskID.delete(taskID);
      return meta;
    }
    
    #addSuspendedTaskMeta(meta) {
      if (!meta) { throw new Error('missing task meta'); }
      const taskID = meta.taskID;
      this.#suspendedTasksByTaskID.set(taskID, meta);
      this.#suspendedTaskIDs.push(taskID);
      if (this.#suspendedTasksByTaskID.size < this.#suspendedTaskIDs.length - 10) {
        this.#suspendedTaskIDs = this.#suspendedTaskIDs.filter(t => t !== null);
      }
    }
    
    // TODO(threads): readyFn is normally on the thread
    suspendTask(args) {
      const { task, readyFn, cancellable, onResume } = args;
      const taskID = task.id();
      const componentIdx = task.componentIdx();
      _debugLog('[ComponentAsyncState#suspendTask()]', {
        taskID,
        componentIdx: this.#componentIdx,
        taskEntryFnName: task.entryFnName(),
        subtask: task.getParentSubtask(),
      });
      
      if (componentIdx !== this.#componentIdx) {
        throw new Error('assert: task component idx should match async state');
      }
      
      if (this.#getSuspendedTaskMeta(taskID)) {
        throw new Error(`task [${taskID}] already suspended`);
      }
      
      let promise;
      let resume;
      if (onResume) {
        resume = () => onResume(!task.isCancelled());
      } else {
        const resolvers = promiseWithResolvers();
        promise = resolvers.promise;
        resume = () => resolvers.resolve(!task.isCancelled());
      }
      this.#addSuspendedTaskMeta({
        task,
        taskID,
        cancellable,
        readyFn,
        resume: () => {
          _debugLog('[ComponentAsyncState] resuming suspended task', {
            taskID,
            componentIdx: this.#componentIdx,
          });
          // TODO(threads): it's thread cancellation we should be checking for below, not task
          resume();
        },
      });
      
      // A caller synchronously driving one task quantum (for
      // example, subtask.cancel) waits for the resumed task to
      // either resolve or suspend again.
      task.notifyProgress();
      
      this.runTickLoop();
      _checkForDeadlock();
      
      return promise;
    }
    
    resumeTaskByID(taskID) {
      const meta = this.#removeSuspendedTaskMeta(taskID);
      if (!meta) { return false; }
      if (meta.taskID !== taskID) { throw new Error('task ID does not match'); }
      meta.resume();
      return true;
    }
    
    suspendedTaskReady(taskID) {
      const meta = this.#getSuspendedTaskMeta(taskID);
      if (!meta) { return false; }
      if (!meta.readyFn) {
        throw new Error(`suspended task [${taskID}] is missing a readiness function`);
      }
      return meta.task.isRejected() || meta.readyFn();
    }
    
    suspendedTaskCancellable(taskID) {
      return !!this.#getSuspendedTaskMeta(taskID)?.cancellable;
    }
    
    isTaskSuspended(taskID) {
      return this.#suspendedTasksByTaskID.has(taskID);
    }
    
    suspendedTaskMetas() {
      return this.#suspendedTasksByTaskID.values();
    }
    
    addPendingTaskStart() { this.#pendingTaskStarts++; }
    removePendingTaskStart() { this.#pendingTaskStarts--; }
    
    hasPendingSchedulerWork() {
      if (this.#pendingTaskStarts > 0) { return true; }
      if (this.#lockHandoffScheduled) { return true; }
      for (const meta of this.#suspendedTasksByTaskID.values()) {
        if (meta.task.isRejected() || meta.readyFn()) { return true; }
      }
      return false;
    }
    
    async runTickLoop() {
      if (this.#tickLoop !== null) { return; }
      this.#tickLoop = 1;
      setTimeout(async () => {
        let result = this.tick();
        while (result !== ComponentAsyncState.TickResult.DONE) {
          if (result === ComponentAsyncState.TickResult.IDLE) {
            _checkForDeadlock();
          }
          // After resuming a task, re-tick as soon as the resumed
          // slice's microtask continuations have drained (timeout 0)
          // so queued sibling resumptions aren't charged the idle
          // polling interval; otherwise poll at the idle cadence.
          const delay = result === ComponentAsyncState.TickResult.RESUMED ? 0 : 10;
          await new Promise((resolve) => setTimeout(resolve, delay));
          result = this.tick();
        }
        this.#tickLoop = null;
      }, 10);
    }
    
    tick() {
      // _debugLog('[ComponentAsyncState#tick()]', { suspendedTaskIDs: this.#suspendedTaskIDs });
      
      const resumableTasks = this.#suspendedTaskIDs.filter(t => t !== null);
      for (const taskID of resumableTasks) {
        const meta = this.#suspendedTasksByTaskID.get(taskID);
        if (!meta || !meta.readyFn) {
          throw new Error(`missing/invalid task despite ID [${taskID}] being present`);
        }
        
        // If the task failed via any means, allow the task to resume because
        // it's been cancelled -- the callback should immediately exit as well
        if (meta.task.isRejected()) {
          _debugLog('[ComponentAsyncState#tick()] detected task rejection, leaving early', { meta });
          this.resumeTaskByID(taskID);
          return ComponentAsyncState.TickResult.RESUMED;
        }
        
        const isReady = meta.readyFn();
        if (!isReady) { continue; }
        
        _debugLog('[ComponentAsyncState#tick()] resuming task via tick', {
          taskID,
          componentIdx: this.#componentIdx,
        });
        this.resumeTaskByID(taskID);
        
        // NOTE: during single-flight resumption, we should resume at most one task per
        // tick so that the resumed slice (a microtask continuation)
        // runs -- and its current-task register window opens and
        // closes -- before any sibling task of this component is
        // resumed.
        //
        // Resuming multiple suspended tasks in one synchronous
        // cascade interleaves their register save/restore windows
        // ([restoreA, restoreB, resumeA, resumeB]), re-entering wasm
        // with the register naming the wrong task, and the
        // 'known residual' of the JSPI current-task register
        // fix); with concurrent task lifetimes per component this
        // corrupts guest context-local storage.
        return ComponentAsyncState.TickResult.RESUMED;
      }
      
      const idle = this.#suspendedTaskIDs.filter(t => t !== null).length > 0;
      return idle
      ? ComponentAsyncState.TickResult.IDLE
      : ComponentAsyncState.TickResult.DONE;
    }
    
    createWaitable(args) {
      return new Waitable({ target: args?.target, });
    }
  }
  
  function getOrCreateAsyncState(componentIdx, init) {
    if (!ASYNC_STATE.has(componentIdx)) {
      const newState = new ComponentAsyncState({ componentIdx });
      ASYNC_STATE.set(componentIdx, newState);
    }
    return ASYNC_STATE.get(componentIdx);
  }
  const GLOBAL_COMPONENT_MEMORY_MAP = new Map();
  
  function lookupMemoriesForComponent(args) {
    const { componentIdx } = args ?? {};
    if (args.componentIdx === undefined) { throw new TypeError("missing component idx"); }
    
    const metas = GLOBAL_COMPONENT_MEMORY_MAP.get(componentIdx);
    if (!metas) { return []; }
    
    if (args.memoryIdx === undefined) {
      return Object.values(metas);
    }
    
    const meta = metas[args.memoryIdx];
    return meta?.memory;
  }
  
  class AsyncSubtask {
    static _ID = 0n;
    
    static State = {
      STARTING: 0,
      STARTED: 1,
      RETURNED: 2,
      CANCELLED_BEFORE_STARTED: 3,
      CANCELLED_BEFORE_RETURNED: 4,
    };
    
    #id;
    #state = AsyncSubtask.State.STARTING;
    #componentIdx;
    
    #parentTask;
    #childTask = null;
    
    #dropped = false;
    #cancelRequested = false;
    
    #memoryIdx = null;
    #lenders = null;
    
    #waitable = null;
    
    #callbackFn = null;
    #callbackFnName = null;
    
    #postReturnFn = null;
    #onProgressFn = null;
    #pendingEventFn = null;
    
    #callMetadata = {};
    
    #resolved = false;
    
    #onResolveHandlers = [];
    #onStartHandlers = [];
    
    #result = null;
    #resultSet = false;
    
    fnName;
    target;
    isAsync;
    isManualAsync;
    // One execution slice awaited by the conditional cancel trampoline.
    cancelProgress = null;
    
    constructor(args) {
      if (typeof args.componentIdx !== 'number') {
        throw new Error('invalid componentIdx for subtask creation');
      }
      this.#componentIdx = args.componentIdx;
      
      this.#id = ++AsyncSubtask._ID;
      this.fnName = args.fnName;
      
      if (!args.parentTask) { throw new Error('missing parent task during subtask creation'); }
      this.#parentTask = args.parentTask;
      
      if (args.childTask) { this.#childTask = args.childTask; }
      
      if (args.memoryIdx) { this.#memoryIdx = args.memoryIdx; }
      
      if (!args.waitable) { throw new Error("missing/invalid waitable"); }
      this.#waitable = args.waitable;
      
      if (args.callMetadata) { this.#callMetadata = args.callMetadata; }
      
      this.#lenders = [];
      this.target = args.target;
      this.isAsync = args.isAsync;
      this.isManualAsync = args.isManualAsync;
    }
    
    id() { return this.#id; }
    parentTaskID() { return this.#parentTask?.id(); }
    childTaskID() { return this.#childTask?.id(); }
    state() { return this.#state; }
    
    waitable() { return this.#waitable; }
    waitableRep() { return this.#waitable.idx(); }
    
    join() { return this.#waitable.join(...arguments); }
    getPendingEvent() { return this.#waitable.getPendingEvent(...arguments); }
    hasPendingEvent() { return this.#waitable.hasPendingEvent(...arguments); }
    setPendingEvent() { return this.#waitable.setPendingEvent(...arguments); }
    
    setTarget(tgt) { this.target = tgt; }
    
    getResult() {
      if (!this.#resultSet) { throw new Error("subtask result has not been set") }
      return this.#result;
    }
    setResult(v) {
      if (this.#resultSet) { throw new Error("subtask result has already been set"); }
      this.#result = v;
      this.#resultSet = true;
    }
    
    componentIdx() { return this.#componentIdx; }
    
    setChildTask(t) {
      if (!t) { throw new Error('cannot set missing/invalid child task on subtask'); }
      if (this.#childTask) { throw new Error('child task is already set on subtask'); }
      if (this.#parentTask === t) { throw new Error("parent cannot be child"); }
      this.#childTask = t;
    }
    getChildTask(t) { return this.#childTask; }
    
    getParentTask() { return this.#parentTask; }
    
    setCallbackFn(f, name) {
      if (!f) { return; }
      if (this.#callbackFn) { throw new Error('callback fn can only be set once'); }
      this.#callbackFn = f;
      this.#callbackFnName = name;
    }
    
    getCallbackFnName() {
      if (!this.#callbackFn) { return undefined; }
      return this.#callbackFn.name;
    }
    
    setPostReturnFn(f) {
      if (!f) { return; }
      if (this.#postReturnFn) { throw new Error('postReturn fn can only be set once'); }
      this.#postReturnFn = f;
    }
    
    setOnProgressFn(f) {
      if (this.#onProgressFn) { throw new Error('on progress fn can only be set once'); }
      this.#onProgressFn = f;
    }
    
    isNotStarted() {
      return this.#state == AsyncSubtask.State.STARTING;
    }
    
    cancellationRequested() { return this.#cancelRequested; }
    
    // Request cooperative cancellation of this subtask, on behalf of the
    // supertask (i.e. `canon subtask.cancel`).
    //
    // If the callee is another guest task, the request is delivered to it and
    // the callee confirms via `task.cancel` (or still resolves via `task.return`).
    //
    // If the callee is a host function there is (currently) no host-side
    // cancellation hook, so the pending call is treated as immediately
    // cancelled -- consistent with hosts being expected to resolve
    // cancellation promptly -- and any later host resolution is discarded
    // (see `AsyncTask#onResolve`).
    requestCancellation() {
      _debugLog('[AsyncSubtask#requestCancellation()] args', {
        componentIdx: this.#componentIdx,
        subtaskID: this.#id,
        state: this.#state,
        childTaskID: this.childTaskID(),
        fnName: this.fnName,
      });
      if (this.#cancelRequested) {
        throw new Error('cancellation has already been requested for this subtask');
      }
      this.#cancelRequested = true;
      
      if (this.#resolved) { return; }
      
      if (this.#childTask) {
        this.#childTask.requestCancellation();
        return;
      }
      
      this.onResolve(null);
    }
    
    registerOnStartHandler(f) {
      this.#onStartHandlers.push(f);
    }
    
    onStart(args) {
      _debugLog('[AsyncSubtask#onStart()] args', {
        componentIdx: this.#componentIdx,
        subtaskID: this.#id,
        parentTaskID: this.parentTaskID(),
        fnName: this.fnName,
        args,
      });
      
      if (this.#onProgressFn) { this.#onProgressFn(); }
      
      // Starting a nested operation is a task execution boundary.
      // In particular, a cancellation handler may synchronously
      // enter an import which then suspends in the host.  Wake a
      // supertask that is driving one cancellation slice so an
      // async `subtask.cancel` can report BLOCKED without waiting
      // for that nested operation to finish.
      this.#parentTask.notifyProgress();
      
      this.#state = AsyncSubtask.State.STARTED;
      
      let result;
      
      // If we have been provided a helper start function as a result of
      // component fusion performed by wasmtime tooling, then we can call that helper and lifts/lowers will
      // be performed for us.
      //
      // See also documentation on `HostIntrinsic::PrepareCall`
      //
      if (this.#callMetadata.startFn) {
        result = this.#callMetadata.startFn.apply(null, args?.startFnParams ?? []);
      }
      
      return result;
    }
    
    
    registerOnResolveHandler(f) {
      this.#onResolveHandlers.push(f);
    }
    
    reject(subtaskErr) {
      if (this.#resolved) { return; }
      
      if (this.#onProgressFn) { this.#onProgressFn(); }
      
      if (this.#state === AsyncSubtask.State.STARTING) {
        this.#state = AsyncSubtask.State.CANCELLED_BEFORE_STARTED;
      } else if (this.#state === AsyncSubtask.State.STARTED) {
        this.#state = AsyncSubtask.State.CANCELLED_BEFORE_RETURNED;
      } else {
        throw new Error('cannot reject a completed subtask');
      }
      
      this.#resolved = true;
      this.#parentTask.removeSubtask(this);
      this.#parentTask.reject(subtaskErr);
    }
    
    onResolve(subtaskValue) {
      _debugLog('[AsyncSubtask#onResolve()] args', {
        componentIdx: this.#componentIdx,
        subtaskID: this.#id,
        isAsync: this.isAsync,
        childTaskID: this.childTaskID(),
        parentTaskID: this.parentTaskID(),
        parentTaskFnName: this.#parentTask?.entryFnName(),
        fnName: this.fnName,
      });
      
      if (this.#resolved) {
        throw new Error('subtask has already been resolved');
      }
      
      if (this.#onProgressFn) { this.#onProgressFn(); }
      
      if (subtaskValue === null && this.#cancelRequested) {
        if (this.#state === AsyncSubtask.State.STARTING) {
          this.#state = AsyncSubtask.State.CANCELLED_BEFORE_STARTED;
        } else {
          if (this.#state !== AsyncSubtask.State.STARTED) {
            throw new Error('resolved subtask must have been started before cancellation');
          }
          this.#state = AsyncSubtask.State.CANCELLED_BEFORE_RETURNED;
        }
      } else {
        if (this.#state !== AsyncSubtask.State.STARTED) {
          throw new Error('resolved subtask must have been started before completion');
        }
        this.#state = AsyncSubtask.State.RETURNED;
      }
      
      this.setResult(subtaskValue);
      
      for (const f of this.#onResolveHandlers) {
        try {
          f(subtaskValue);
        } catch (err) {
          console.error("error during subtask resolve handler", err);
          throw err;
        }
      }
      
      const callMetadata = this.getCallMetadata();
      
      // TODO(fix): we should be able to easily have the caller's meomry
      // to lower into here, but it's not present in PrepareCall
      const memory = callMetadata.memory ?? this.#parentTask?.getReturnMemory() ?? lookupMemoriesForComponent({ componentIdx: this.#parentTask?.componentIdx() })[0];
      // NOTE: cancelled resolutions carry no value, so nothing is lowered
      const returned = this.#state === AsyncSubtask.State.RETURNED;
      if (returned && callMetadata && !callMetadata.returnFn && (this.isAsync || callMetadata.funcTypeIsAsync) && callMetadata.resultPtr && memory) {
        const { resultPtr, realloc } = callMetadata;
        const lowers = callMetadata.lowers; // may have been updated in task.return of the child
        if (lowers && lowers.length > 0) {
          lowers[0]({
            componentIdx: this.#componentIdx,
            memory,
            realloc,
            vals: [subtaskValue],
            storagePtr: resultPtr,
            stringEncoding: callMetadata.stringEncoding,
          });
        }
      }
      
      this.#resolved = true;
      this.#parentTask.removeSubtask(this);
      
      if (!this.isAsync) {
        this.deliverResolve();
        const rep = this.waitableRep();
        if (rep) {
          try {
            const removed = this.#getComponentState().handles.remove(rep);
            if (removed !== this) {
              throw new Error("unexpectedly received non-self Subtask from handle removal");
            }
            this.drop();
          } catch (err) {
            _debugLog('[AsyncSubtask#onResolve()] failed to remove subtask after sync subtask completion', err);
          }
        }
      }
    }
    
    getStateNumber() { return this.#state; }
    isReturned() { return this.#state === AsyncSubtask.State.RETURNED; }
    
    getCallMetadata() { return this.#callMetadata; }
    
    isResolved() {
      if (this.#state === AsyncSubtask.State.STARTING
      || this.#state === AsyncSubtask.State.STARTED) {
        return false;
      }
      if (this.#state === AsyncSubtask.State.RETURNED
      || this.#state === AsyncSubtask.State.CANCELLED_BEFORE_STARTED
      || this.#state === AsyncSubtask.State.CANCELLED_BEFORE_RETURNED) {
        return true;
      }
      throw new Error('unrecognized internal Subtask state [' + this.#state + ']');
    }
    
    addLender(handle) {
      _debugLog('[AsyncSubtask#addLender()] args', { handle });
      if (!Number.isNumber(handle)) { throw new Error('missing/invalid lender handle [' + handle + ']'); }
      
      if (this.#lenders.length === 0 || this.isResolved()) {
        throw new Error('subtask has no lendors or has already been resolved');
      }
      
      handle.lends++;
      this.#lenders.push(handle);
    }
    
    deliverResolve() {
      _debugLog('[AsyncSubtask#deliverResolve()] args', {
        lenders: this.#lenders,
        parentTaskID: this.parentTaskID(),
        subtaskID: this.#id,
        childTaskID: this.childTaskID(),
        resolved: this.isResolved(),
        resolveDelivered: this.resolveDelivered(),
      });
      
      const cannotDeliverResolve = this.resolveDelivered() || !this.isResolved();
      if (cannotDeliverResolve) {
        throw new Error('subtask cannot deliver resolution twice, and the subtask must be resolved');
      }
      
      for (const lender of this.#lenders) {
        lender.lends--;
      }
      
      this.#lenders = null;
    }
    
    resolveDelivered() {
      _debugLog('[AsyncSubtask#resolveDelivered()] args', { });
      if (this.#lenders === null && !this.isResolved()) {
        throw new Error('invalid subtask state, lenders missing and subtask has not been resolved');
      }
      return this.#lenders === null;
    }
    
    drop() {
      _debugLog('[AsyncSubtask#drop()] args', {
        componentIdx: this.#componentIdx,
        parentTaskID: this.#parentTask?.id(),
        parentTaskFnName: this.#parentTask?.entryFnName(),
        childTaskID: this.#childTask?.id(),
        childTaskFnName: this.#childTask?.entryFnName(),
        subtaskFnName: this.fnName,
      });
      if (!this.#waitable) { throw new Error('missing/invalid inner waitable'); }
      if (!this.resolveDelivered()) {
        throw new Error('cannot drop a subtask which has not yet resolved');
      }
      if (this.#waitable) { this.#waitable.drop() }
      this.#dropped = true;
    }
    
    #getComponentState() {
      const state = getOrCreateAsyncState(this.#componentIdx);
      if (!state) {
        throw new Error('invalid/missing async state for component [' + componentIdx + ']');
      }
      return state;
    }
    
    getWaitableHandleIdx() {
      _debugLog('[AsyncSubtask#getWaitableHandleIdx()] args', { });
      if (!this.#waitable) { throw new Error('missing/invalid waitable'); }
      return this.waitableRep();
    }
  }
  
  class FutureValue {
    #start;
    #settled;
    #hideThen = 0;
    #thenFn;
    
    constructor(start) {
      if (typeof start !== 'function') {
        throw new TypeError('future start operation must be a function');
      }
      this.#start = start;
      this.#thenFn = this.#then.bind(this);
    }
    
    get then() {
      return this.#hideThen === 0 ? this.#thenFn : undefined;
    }
    
    #read() {
      if (!this.#settled) {
        // The start operation resolves to a non-thenable box so a
        // future-valued payload cannot be assimilated by this Promise.
        this.#settled = Promise.resolve().then(this.#start);
      }
      return this.#settled;
    }
    
    resolveAsValue(resolve) {
      this.#hideThen++;
      try {
        resolve(this);
      } finally {
        this.#hideThen--;
      }
    }
    
    #deliver(resolve, value) {
      if (value instanceof FutureValue) {
        // Promise resolution reads `then` synchronously. Hide it only
        // for that lookup so resolving this layer yields the inner
        // FutureValue instead of recursively awaiting it.
        value.resolveAsValue(resolve);
        return;
      }
      resolve(value);
    }
    
    #then(resolve, reject) {
      return this.#read().then(
      box => this.#deliver(resolve, box.value),
      reject,
      );
    }
  }
  const ASYNC_DETERMINISM = 'random';
  const _coinFlip = () => { return Math.random() > 0.5; };
  
  const ASYNC_EVENT_CODE = {
    NONE: 0,
    SUBTASK: 1,
    STREAM_READ: 2,
    STREAM_WRITE: 3,
    FUTURE_READ: 4,
    FUTURE_WRITE: 5,
    TASK_CANCELLED: 6,
  };
  const CURRENT_TASK_META = {};
  
  function _withGlobalCurrentTaskMeta(args) {
    _debugLog('[_withGlobalCurrentTaskMeta()] args', args);
    if (!args) { throw new TypeError('args missing'); }
    if (args.taskID === undefined) { throw new TypeError('missing task ID'); }
    if (args.componentIdx === undefined) { throw new TypeError('missing component idx'); }
    if (!args.fn) { throw new TypeError('missing fn'); }
    const { taskID, componentIdx, fn } = args;
    const previous = CURRENT_TASK_META[componentIdx] ?? null;
    const previousCurrent = CURRENT_TASK_META.current ?? null;
    
    try {
      CURRENT_TASK_META.current =
      CURRENT_TASK_META[componentIdx] = { taskID, componentIdx };
      return fn();
    } catch (err) {
      _debugLog("error while executing sync callee/callback", {
        ...args,
        err,
      });
      throw err;
    } finally {
      // Synchronous wrappers can nest without any intervening JS
      // scheduling. Restore the caller rather than clearing it so
      // helper core exports (for example fused return adapters) can
      // temporarily run under a different task of the same component.
      CURRENT_TASK_META[componentIdx] = previous;
      CURRENT_TASK_META.current = previousCurrent;
    }
  }
  
  async function _withGlobalCurrentTaskMetaAsync(args) {
    _debugLog('[_withGlobalCurrentTaskMetaAsync()] args', args);
    if (!args) { throw new TypeError('args missing'); }
    if (args.taskID === undefined) { throw new TypeError('missing task ID'); }
    if (args.componentIdx === undefined) { throw new TypeError('missing component idx'); }
    if (!args.fn) { throw new TypeError('missing fn'); }
    
    const { taskID, componentIdx, fn } = args;
    
    try {
      CURRENT_TASK_META.current =
      CURRENT_TASK_META[componentIdx] = { taskID, componentIdx };
      return await fn();
    } catch (err) {
      _debugLog("error while executing async callee/callback", {
        ...args,
        err,
      });
      throw err;
    } finally {
      CURRENT_TASK_META[componentIdx] = null;
      if (CURRENT_TASK_META.current?.taskID === taskID) {
        CURRENT_TASK_META.current = null;
      }
    }
  }
  
  class AsyncTask {
    static _ID = 0n;
    
    static State = {
      INITIAL: 'initial',
      CANCELLED: 'cancelled',
      CANCEL_PENDING: 'cancel-pending',
      CANCEL_DELIVERED: 'cancel-delivered',
      RESOLVED: 'resolved',
    }
    
    static BlockResult = {
      CANCELLED: 'block.cancelled',
      NOT_CANCELLED: 'block.not-cancelled',
    }
    
    #id;
    #componentIdx;
    #state;
    #isAsync;
    #isManualAsync;
    #callingWasmExport = true;
    #lockFreeEntry = false;
    #preserveFutureResult;
    #entryFnName = null;
    
    #onResolveHandlers = [];
    #progressWaiters = [];
    #completionPromise = null;
    #completionValue;
    #completionReady = false;
    #settleCompletionPromise;
    #rejected = false;
    
    #exitPromise = null;
    #onExitHandlers = [];
    
    #memoryIdx = null;
    #memory = null;
    
    #callbackFn = null;
    #callbackFnName = null;
    
    #postReturnFn = null;
    
    #getCalleeParamsFn = null;
    #calleeIsAsync = null;
    
    #stringEncoding = null;
    
    #parentSubtask = null;
    
    #errHandling;
    
    #backpressurePromise;
    #backpressureWaiters = 0n;
    
    #returnLowerFns = null;
    
    #resourceScopeId;
    #resourceBorrowCount = 0;
    #resourceLenders = [];
    #resourceScopeExited = false;
    
    #subtasks = [];
    
    #entered = false;
    #exited = false;
    #errored = null;
    
    cancelled = false;
    cancelRequested = false;
    alwaysTaskReturn = false;
    
    returnCalls =  0;
    storage = [0, 0];
    tmpRetI64HighBits = 0|0;
    
    constructor(opts) {
      this.#id = ++AsyncTask._ID;
      this.#resourceScopeId = ++RESOURCE_SCOPE_ID;
      RESOURCE_SCOPE_TASKS.set(this.#resourceScopeId, this);
      
      if (opts?.componentIdx === undefined) {
        throw new TypeError('missing component id during task creation');
      }
      this.#componentIdx = opts.componentIdx;
      
      this.#state = AsyncTask.State.INITIAL;
      this.#isAsync = opts?.isAsync ?? false;
      this.#isManualAsync = opts?.isManualAsync ?? false;
      this.#preserveFutureResult = opts?.preserveFutureResult ?? false;
      this.#entryFnName = opts.entryFnName;
      // Tasks that execute guest slices (export calls, fused
      // callees) default to true; import-handler tasks pass false
      // explicitly (they run host code nested inside the caller's
      // already-locked slice).
      this.#callingWasmExport = opts?.callingWasmExport !== false;
      
      const {
        promise: completionPromise,
        resolve: resolveCompletionPromise,
        reject: rejectCompletionPromise,
      } = promiseWithResolvers();
      this.#completionPromise = completionPromise;
      // A nested rejection can reach the root task while its Wasm
      // entrypoint is still suspended, before the export wrapper awaits
      // this promise. Mark it handled immediately while preserving the
      // original rejected promise for the eventual caller.
      completionPromise.catch(() => {});
      
      let completionSettled = false;
      const settleCompletionPromise = () => {
        if (completionSettled || !this.#completionReady) { return; }
        completionSettled = true;
        if (this.#errored !== null) {
          rejectCompletionPromise(this.#errored);
        } else if (this.#rejected) {
          rejectCompletionPromise(this.#completionValue);
        } else if (
        this.#preserveFutureResult
        && this.#completionValue instanceof FutureValue
        ) {
          this.#completionValue.resolveAsValue(resolveCompletionPromise);
        } else {
          resolveCompletionPromise(this.#completionValue);
        }
      };
      
      this.#settleCompletionPromise = settleCompletionPromise;
      this.#onResolveHandlers.push((results) => {
        if (this.#parentSubtask !== null) { return; }
        if (!this.#isAsync && !this.#isManualAsync) { return; }
        this.#completionValue = results;
        this.#completionReady = true;
        // Publish after the current guest slice returns, so a trap
        // in that slice can still reject the call. Do not wait for
        // task exit: detached work may require further host calls
        // or consumption of a returned resource's stream.
      });
      
      const {
        promise: exitPromise,
        resolve: resolveExitPromise,
        reject: rejectExitPromise,
      } = promiseWithResolvers();
      this.#exitPromise = exitPromise;
      
      this.#onExitHandlers.push(() => {
        if (this.#parentSubtask === null && (this.#isAsync || this.#isManualAsync)) {
          settleCompletionPromise();
        }
        resolveExitPromise();
      });
      
      if (opts.callbackFn) { this.#callbackFn = opts.callbackFn; }
      if (opts.callbackFnName) { this.#callbackFnName = opts.callbackFnName; }
      
      if (opts.getCalleeParamsFn) { this.#getCalleeParamsFn = opts.getCalleeParamsFn; }
      if (opts.stringEncoding) { this.#stringEncoding = opts.stringEncoding; }
      
      if (opts.parentSubtask) { this.#parentSubtask = opts.parentSubtask; }
      
      
      if (opts.errHandling) { this.#errHandling = opts.errHandling; }
    }
    
    taskState() { return this.#state; }
    id() { return this.#id; }
    componentIdx() { return this.#componentIdx; }
    entryFnName() { return this.#entryFnName; }
    
    resourceScopeId() { return this.#resourceScopeId; }
    
    addBorrowedHandle() {
      if (this.#resourceScopeExited) {
        throw new Error('cannot add a borrow to an exited resource scope');
      }
      this.#resourceBorrowCount++;
    }
    
    removeBorrowedHandle() {
      if (this.#resourceBorrowCount === 0) {
        throw new Error('resource borrow count underflow');
      }
      this.#resourceBorrowCount--;
    }
    
    addResourceLender(table, handle) {
      if (this.#resourceScopeExited) {
        throw new Error('cannot add a lender to an exited resource scope');
      }
      this.#resourceLenders.push({ table, handle });
    }
    
    validateResourceBorrowScope() {
      if (this.#resourceScopeExited) { return; }
      if (this.#resourceBorrowCount !== 0) {
        throw new WebAssemblyRuntimeError('borrow handles still remain at the end of the call');
      }
      for (const { table, handle } of this.#resourceLenders) {
        const idx = handle << 1;
        const lendCount = table[idx];
        if (!Number.isInteger(lendCount) || lendCount <= 0 || lendCount >= 2**30) {
          throw new Error('invalid resource lender state at scope exit');
        }
        table[idx] = lendCount - 1;
      }
      this.#resourceLenders = [];
      this.#resourceScopeExited = true;
      RESOURCE_SCOPE_TASKS.delete(this.#resourceScopeId);
    }
    
    completionPromise() { return this.#completionPromise; }
    settleCompletion() { this.#settleCompletionPromise(); }
    exitPromise() { return this.#exitPromise; }
    
    waitForProgress() {
      const { promise, resolve } = promiseWithResolvers();
      this.#progressWaiters.push(resolve);
      return promise;
    }
    
    notifyProgress() {
      const waiters = this.#progressWaiters;
      this.#progressWaiters = [];
      for (const resolve of waiters) { resolve(); }
    }
    
    isAsync() { return this.#isAsync; }
    isManualAsync() { return this.#isManualAsync; }
    isSync() { return !this.isAsync(); }
    
    getErrHandling() { return this.#errHandling; }
    
    hasCallback() { return this.#callbackFn !== null; }
    
    getReturnMemoryIdx() { return this.#memoryIdx; }
    setReturnMemoryIdx(idx) {
      if (idx === null) { return; }
      this.#memoryIdx = idx;
    }
    
    getReturnMemory() { return this.#memory; }
    setReturnMemory(m) {
      if (m === null) { return; }
      this.#memory = m;
    }
    
    setReturnLowerFns(fns) { this.#returnLowerFns = fns; }
    getReturnLowerFns() { return this.#returnLowerFns; }
    
    setCalleeIsAsync(value) {
      if (typeof value !== 'boolean') { throw new TypeError('callee async state must be a boolean'); }
      this.#calleeIsAsync = value;
    }
    
    setParentSubtask(subtask) {
      if (!subtask || !(subtask instanceof AsyncSubtask)) { return }
      if (this.#parentSubtask) { throw new Error('parent subtask can only be set once'); }
      this.#parentSubtask = subtask;
    }
    
    getParentSubtask() { return this.#parentSubtask; }
    
    // TODO(threads): this is very inefficient, we can pass along a root task,
    // and ideally do not need this once thread support is in place
    getRootTask() {
      let currentSubtask = this.getParentSubtask();
      let task = this;
      while (currentSubtask) {
        task = currentSubtask.getParentTask();
        currentSubtask = task.getParentSubtask();
      }
      return task;
    }
    
    setPostReturnFn(f) {
      if (!f) { return; }
      if (this.#postReturnFn) { throw new Error('postReturn fn can only be set once'); }
      this.#postReturnFn = f;
    }
    
    setCallbackFn(f, name) {
      if (!f) { return; }
      if (this.#callbackFn) { throw new Error('callback fn can only be set once'); }
      this.#callbackFn = f;
      this.#callbackFnName = name;
    }
    
    getCallbackFnName() {
      if (!this.#callbackFnName) { return undefined; }
      return this.#callbackFnName;
    }
    
    runCallbackFn(...args) {
      if (!this.#callbackFn) { throw new Error('no callback function has been set for task'); }
      if (this.#callbackFn._jcoMaySuspend === false) {
        return _withGlobalCurrentTaskMeta({
          taskID: this.#id,
          componentIdx: this.#componentIdx,
          fn: () => this.#callbackFn.apply(null, args),
        });
      }
      return _withGlobalCurrentTaskMetaAsync({
        taskID: this.#id,
        componentIdx: this.#componentIdx,
        fn: () => { return this.#callbackFn.apply(null, args); }
      });
    }
    
    getCalleeParams() {
      if (!this.#getCalleeParamsFn) { throw new Error('missing/invalid getCalleeParamsFn'); }
      return this.#getCalleeParamsFn();
    }
    
    // Legacy manually-async exports are sync-typed in the component
    // but use JSPI precisely so their guest stack may suspend.
    mayBlock() { return this.isAsync() || this.isManualAsync() || this.isResolvedState() }
    
    mayEnter(task) {
      const cstate = getOrCreateAsyncState(this.#componentIdx);
      if (cstate.hasBackpressure()) {
        _debugLog('[AsyncTask#mayEnter()] disallowed due to backpressure', { taskID: this.#id });
        return false;
      }
      if (!cstate.callingSyncImport()) {
        _debugLog('[AsyncTask#mayEnter()] disallowed due to sync import call', { taskID: this.#id });
        return false;
      }
      const callingSyncExportWithSyncPending = cstate.callingSyncExport && !task.isAsync;
      if (!callingSyncExportWithSyncPending) {
        _debugLog('[AsyncTask#mayEnter()] disallowed due to sync export w/ sync pending', { taskID: this.#id });
        return false;
      }
      return true;
    }
    
    enterSync() {
      if (this.needsExclusiveLock()) {
        const cstate = getOrCreateAsyncState(this.#componentIdx);
        if (!cstate.isExclusivelyLocked()) {
          cstate.exclusiveLock(this.#id);
        } else {
          // A host-called sync export arriving while another
          // task's slice holds the lock: synchronous entry
          // cannot wait, and historically this entry silently
          // stole the hold. Run without the lock instead --
          // the holder's bookkeeping stays intact and its
          // release still pairs
          this.#lockFreeEntry = true;
          _debugLog('[AsyncTask#enterSync()] entering without exclusive lock', {
            taskID: this.#id,
            componentIdx: this.#componentIdx,
          });
        }
      }
      return true;
    }
    
    tryEnter() {
      if (this.#entered) {
        throw new Error(`task with ID [${this.#id}] should not be entered twice`);
      }
      
      if (this.deliverPendingCancel({ cancellable: true })) {
        this.cancel();
        return false;
      }
      
      const cstate = getOrCreateAsyncState(this.#componentIdx);
      if (this.isSync()) {
        this.#entered = true;
        return true;
      }
      if (cstate.hasBackpressure()) { return null; }
      if (this.needsExclusiveLock()) {
        if (cstate.isExclusivelyLocked()) { return null; }
        cstate.exclusiveLock(this.#id);
      }
      
      if (this.deliverPendingCancel({ cancellable: true })) {
        cstate.exclusiveRelease(this.#id);
        this.cancel();
        return false;
      }
      
      this.#entered = true;
      return true;
    }
    
    async enter(opts) {
      _debugLog('[AsyncTask#enter()] args', {
        taskID: this.#id,
        componentIdx: this.#componentIdx,
        subtaskID: this.getParentSubtask()?.id(),
        args: opts,
        entryFnName: this.#entryFnName,
      });
      
      if (this.#entered) {
        throw new Error(`task with ID [${this.#id}] should not be entered twice`);
      }
      
      // If cancellation was requested before the task was entered, resolve
      // as cancelled without ever running guest code
      if (this.deliverPendingCancel({ cancellable: true })) {
        this.cancel();
        return false;
      }
      
      const cstate = getOrCreateAsyncState(this.#componentIdx);
      
      if (opts?.isHost) {
        this.#entered = true;
        // A guest task may be synchronously blocked in this
        // host entry. Propagate that boundary so an async
        // cancellation driver can yield BLOCKED while the host
        // operation is outstanding.
        const parentTask = this.#parentSubtask?.getParentTask();
        if (
        parentTask?.taskState() === AsyncTask.State.CANCEL_DELIVERED
        || (parentTask && !parentTask.hasCallback())
        ) {
          parentTask.notifyProgress();
        }
        return this.#entered;
      }
      
      // NOTE: concurrent task lifetimes within one component instance are
      // permitted by the Component Model: entry is governed by the
      // backpressure and exclusive-lock checks below (the lock is held per
      // execution slice, not for the task's lifetime).
      //
      // Serializing entire task lifetimes here (the former "execution slot" queue)
      // deadlocks pipelines where a parked long-lived task's progress depends on a
      // later entry into the same component.
      
      // If a task is synchronous then we can avoid component-relevant
      // tracking and immediately enter.
      if (this.isSync()) {
        this.#entered = true;
        
        // TODO(breaking): remove once manually-specifying async fns is removed
        // It is currently possible for an actually sync export to be specified
        // as async via JSPI
        if (this.#isManualAsync) {
          if (this.needsExclusiveLock()) { await cstate.acquireExclusiveLock(this.#id); }
        }
        
        return this.#entered;
      }
      
      // Perform intial backpressure check
      if (cstate.hasBackpressure()) {
        cstate.addBackpressureWaiter();
        
        const result = await this.waitUntil({
          readyFn: () => {
            return !cstate.hasBackpressure();
          },
          cancellable: true,
        });
        
        cstate.removeBackpressureWaiter();
        
        if (!result || this.isCancelled()) {
          if (!this.isResolvedState()) { this.cancel(); }
          return false;
        }
      }
      
      // Acquire the per-slice exclusive lock (FIFO-queued when
      // contended); the first slice runs under this hold and the
      // driver loop releases/re-acquires it per slice thereafter.
      if (this.needsExclusiveLock()) {
        await cstate.acquireExclusiveLock(this.#id);
      }
      
      // Cancellation-before-start may resolve this task while its
      // queued lock acquisition is still pending. Acquiring the lock
      // does not make the already-resolved task runnable again.
      if (this.isResolvedState() || this.isCancelled()) {
        cstate.exclusiveRelease(this.#id);
        return false;
      }
      
      // Cancellation can be requested while entry is waiting for
      // backpressure or its exclusive lock. Do not execute the guest
      // after acquiring a lock for a task that should no longer start.
      if (this.deliverPendingCancel({ cancellable: true })) {
        cstate.exclusiveRelease(this.#id);
        this.cancel();
        return false;
      }
      
      this.#entered = true;
      return this.#entered;
    }
    
    isRunningState() { return this.#state !== AsyncTask.State.RESOLVED; }
    isResolvedState() { return this.#state === AsyncTask.State.RESOLVED; }
    isResolved() { return this.#state === AsyncTask.State.RESOLVED; }
    isExited() { return this.#exited; }
    
    async waitUntil(opts) {
      const { readyFn, cancellable } = opts;
      _debugLog('[AsyncTask#waitUntil()] args', { taskID: this.#id, args: { cancellable } });
      
      // TODO(fix): check for cancel
      // TODO(fix): determinism
      // TODO(threads): add this thread to waiting list
      
      const keepGoing = await this.suspendUntil({
        readyFn,
        cancellable,
      });
      
      return keepGoing;
    }
    
    async yieldUntil(opts) {
      const { readyFn, cancellable } = opts;
      _debugLog('[AsyncTask#yieldUntil()]', {
        taskID: this.#id,
        args: {
          cancellable,
        },
        componentIdx: this.#componentIdx,
      });
      
      // A callback YIELD is an explicit request to let other work run.
      // Unlike waits whose condition is already ready, it must always
      // suspend for at least one scheduler turn.
      const keepGoing = await this.immediateSuspend({ readyFn, cancellable });
      if (keepGoing) {
        return {
          code: ASYNC_EVENT_CODE.NONE,
          payload0: 0,
          payload1: 0,
        };
      }
      
      return {
        code: ASYNC_EVENT_CODE.TASK_CANCELLED,
        payload0: 0,
        payload1: 0,
      };
    }
    
    async suspendUntil(opts) {
      const { cancellable, readyFn } = opts;
      _debugLog('[AsyncTask#suspendUntil()] args', {
        taskID: this.#id,
        args: {
          cancellable,
        },
        componentIdx: this.#componentIdx,
      });
      
      const pendingCancelled = this.deliverPendingCancel({ cancellable });
      if (pendingCancelled) { return false; }
      
      const completed = await this.immediateSuspendUntil({ readyFn, cancellable });
      return completed;
    }
    
    suspendUntilCallback(opts, onResume) {
      const { cancellable, readyFn } = opts;
      if (this.deliverPendingCancel({ cancellable })) {
        onResume(false);
        return;
      }
      
      const cstate = getOrCreateAsyncState(this.#componentIdx);
      cstate.suspendTask({
        task: this,
        cancellable,
        readyFn: () => {
          if (cancellable && this.#state === AsyncTask.State.CANCEL_PENDING) {
            return true;
          }
          return readyFn();
        },
        onResume: (keepGoing) => {
          if (keepGoing && this.deliverPendingCancel({ cancellable })) {
            keepGoing = false;
          }
          onResume(keepGoing);
        },
      });
    }
    
    // TODO(threads): equivalent to thread.suspend_until()
    async immediateSuspendUntil(opts) {
      const { cancellable, readyFn } = opts;
      _debugLog('[AsyncTask#immediateSuspendUntil()] args', {
        args: {
          cancellable,
          readyFn,
        },
        taskID: this.#id,
        componentIdx: this.#componentIdx,
      });
      
      const ready = readyFn();
      if (ready && ASYNC_DETERMINISM === 'random') {
        const coinFlip = _coinFlip();
        if (coinFlip) { return true }
      }
      
      const keepGoing = await this.immediateSuspend({ cancellable, readyFn });
      return keepGoing;
    }
    
    async immediateSuspend(opts) { // NOTE: equivalent to thread.suspend()
    // TODO(threads): store readyFn on the thread
    const { cancellable, readyFn } = opts;
    _debugLog('[AsyncTask#immediateSuspend()] args', { cancellable, readyFn });
    
    const pendingCancelled = this.deliverPendingCancel({ cancellable });
    if (pendingCancelled) { return false; }
    
    const cstate = getOrCreateAsyncState(this.#componentIdx);
    const keepGoing = await cstate.suspendTask({
      task: this,
      cancellable,
      readyFn: () => {
        // A pending cancellation request wakes cancellable waits
        if (cancellable && this.#state === AsyncTask.State.CANCEL_PENDING) {
          return true;
        }
        return readyFn();
      },
    });
    if (keepGoing && this.deliverPendingCancel({ cancellable })) { return false; }
    return keepGoing;
  }
  
  deliverPendingCancel(opts) {
    const { cancellable } = opts;
    _debugLog('[AsyncTask#deliverPendingCancel()]', {
      args: { cancellable },
      taskID: this.#id,
      componentIdx: this.#componentIdx,
    });
    
    if (cancellable && this.#state === AsyncTask.State.CANCEL_PENDING) {
      this.#state = AsyncTask.State.CANCEL_DELIVERED;
      return true;
    }
    
    return false;
  }
  
  isCancelled() { return this.cancelled }
  cancellationRequested() { return this.cancelRequested; }
  
  // Request cooperative cancellation of this task, called on behalf of a
  // supertask performing `subtask.cancel` on the subtask this task backs.
  //
  // The request is delivered at this task's next cancellable wait
  // (see suspendUntil/immediateSuspend), at which point the task is
  // expected to acknowledge via `task.cancel` or still resolve via
  // `task.return`.
  requestCancellation() {
    _debugLog('[AsyncTask#requestCancellation()] args', {
      taskID: this.#id,
      componentIdx: this.#componentIdx,
      state: this.#state,
    });
    if (this.isResolvedState() || this.cancelRequested) { return; }
    this.cancelRequested = true;
    if (this.#state === AsyncTask.State.INITIAL) {
      this.#state = AsyncTask.State.CANCEL_PENDING;
    }
    // Nudge the component's tick loop so that any suspended cancellable
    // wait observes the pending cancellation promptly
    getOrCreateAsyncState(this.#componentIdx).runTickLoop();
  }
  
  cancel(args) {
    _debugLog('[AsyncTask#cancel()] args', { });
    if (this.taskState() !== AsyncTask.State.CANCEL_DELIVERED) {
      throw new Error(`(component [${this.#componentIdx}]) task [${this.#id}] invalid task state [${this.taskState()}] for cancellation`);
    }
    this.validateResourceBorrowScope();
    this.cancelled = true;
    // Cancelled tasks resolve with no value (spec: `Task.cancel` calls
    // `on_resolve(None)`); an explicit error is only present on the
    // host-driven rejection path (see `reject()`).
    this.onResolve(args?.error ?? null);
    this.#state = AsyncTask.State.RESOLVED;
    // A task cancelled before entry has no driver loop that can
    // report its exit. Entered tasks notify after releasing their
    // component slice in `exit()`.
    if (!this.#entered) { this.notifyProgress(); }
  }
  
  onResolve(taskValue) {
    const handlers = this.#onResolveHandlers;
    this.#onResolveHandlers = [];
    for (const f of handlers) {
      try {
        f(taskValue);
      } catch (err) {
        _debugLog("[AsyncTask#onResolve] error during task resolve handler", err);
        throw err;
      }
    }
    
    // Rejections are control-flow failures, not canonical ABI results.
    // Propagate them through the subtask chain without running return
    // lowering or post-return hooks for a successful result.
    if (this.#rejected) {
      this.#parentSubtask?.reject(taskValue);
      return;
    }
    
    // NOTE: if the parent subtask has already been resolved (e.g. it was
    // cancelled via `subtask.cancel` while this task was still pending),
    // this task's resolution must be discarded rather than delivered.
    const parentSubtaskPending = this.#parentSubtask && !this.#parentSubtask.isResolved();
    const taskReturned = !this.isCancelled();
    
    if (parentSubtaskPending && taskReturned) {
      const meta = this.#parentSubtask.getCallMetadata();
      // Run the rturn fn if it has not already been called -- this *should* have happened in
      // `task.return`, but some paths do not go through task.return (e.g. async lower of sync fn
      // which goes through prepare + async-start-call)
      if (meta.returnFn && !meta.returnFnCalled) {
        _debugLog('[AsyncTask#onResolve()] running returnFn', {
          componentIdx: this.#componentIdx,
          taskID: this.#id,
          subtaskID: this.#parentSubtask.id(),
        });
        const callerTask = this.#parentSubtask.getParentTask();
        _withGlobalCurrentTaskMeta({
          taskID: callerTask.id(),
          componentIdx: callerTask.componentIdx(),
          fn: () => meta.returnFn.apply(null, [taskValue, meta.resultPtr]),
        });
        meta.returnFnCalled = true;
      }
    }
    
    if (this.#postReturnFn && taskReturned) {
      _debugLog('[AsyncTask#onResolve()] running post return ', {
        componentIdx: this.#componentIdx,
        taskID: this.#id,
      });
      try {
        _withGlobalCurrentTaskMeta({
          taskID: this.#id,
          componentIdx: this.#componentIdx,
          fn: () => this.#postReturnFn(taskValue),
        });
      } catch (err) {
        _debugLog("[AsyncTask#onResolve] error during task resolve handler", err);
        throw err;
      }
    }
    
    if (parentSubtaskPending) {
      this.#parentSubtask.onResolve(taskValue);
    }
  }
  
  registerOnResolveHandler(f) {
    this.#onResolveHandlers.push(f);
  }
  
  isRejected() { return this.#rejected; }
  
  isErrored() { return this.#errored; }
  setErrored(err) {
    // Preserve the originating trap when unwinding through
    // additional guest frames produces secondary traps (often
    // an `unreachable` after a call which was expected to trap).
    if (this.#errored === null) { this.#errored = err; }
  }
  
  reject(taskErr) {
    _debugLog('[AsyncTask#reject()] args', {
      componentIdx: this.#componentIdx,
      taskID: this.#id,
      parentSubtask: this.#parentSubtask,
      parentSubtaskID: this.#parentSubtask?.id(),
      entryFnName: this.entryFnName(),
      callbackFnName: this.#callbackFnName,
      errMsg: taskErr.message,
    });
    
    this.setErrored(taskErr);
    if (this.#rejected) { return; }
    
    // A task may call `task.return` before its callback exits.
    // A trap in cleanup or spawned work must still reject the
    // host call and poison the enclosing task chain.
    if (this.isResolvedState()) {
      this.#rejected = true;
      this.#errored = taskErr;
      const parentTask = this.#parentSubtask?.getParentTask();
      if (parentTask) { parentTask.reject(taskErr); }
      return;
    }
    
    this.#rejected = true;
    this.cancelRequested = true;
    this.#state = AsyncTask.State.CANCEL_PENDING;
    const cancelled = this.deliverPendingCancel({ cancellable: true });
    
    // TODO: do cleanup here to reset the machinery so we can run again?
    
    this.cancel({ error: taskErr });
  }
  
  resolve(results) {
    _debugLog('[AsyncTask#resolve()] args', {
      componentIdx: this.#componentIdx,
      taskID: this.#id,
      entryFnName: this.entryFnName(),
      callbackFnName: this.#callbackFnName,
    });
    
    if (this.#state === AsyncTask.State.RESOLVED) {
      throw new Error(`(component [${this.#componentIdx}]) task [${this.#id}]  is already resolved (did you forget to wait for an import?)`);
    }
    
    this.validateResourceBorrowScope();
    
    this.#state = AsyncTask.State.RESOLVED;
    
    switch (results.length) {
      case 0:
      this.onResolve(undefined);
      break;
      case 1:
      this.onResolve(results[0]);
      break;
      default:
      _debugLog('[AsyncTask#resolve()] unexpected number of results', {
        componentIdx: this.#componentIdx,
        results,
        taskID: this.#id,
        subtaskID: this.#parentSubtask?.id(),
        entryFnName: this.#entryFnName,
        callbackFnName: this.#callbackFnName,
      });
      throw new Error('unexpected number of results');
    }
  }
  
  exit(args) {
    _debugLog('[AsyncTask#exit()]', {
      componentIdx: this.#componentIdx,
      taskID: this.#id,
    });
    
    if (this.#exited)  { throw new Error("task has already exited"); }
    
    if (this.#state !== AsyncTask.State.RESOLVED) {
      throw new Error(`(component [${this.#componentIdx}]) task [${this.#id}] exited without resolution`);
    }
    
    this.validateResourceBorrowScope();
    
    const state = getOrCreateAsyncState(this.#componentIdx);
    if (!state) { throw new Error('missing async state for component [' + this.#componentIdx + ']'); }
    
    // Exempt the host from exclusive lock check
    if (this.#componentIdx !== -1 && !args?.skipExclusiveLockCheck && !this.#lockFreeEntry) {
      if (this.needsExclusiveLock() && !state.exclusivelyLockedBy(this.#id)) {
        throw new Error(`task [${this.#id}] exit: component [${this.#componentIdx}] should have been exclusively locked by it`);
      }
    }
    
    // Ownership-checked: releases only this task's own hold (a
    // task exiting while another task's slice holds the lock no
    // longer clears the foreign hold).
    state.exclusiveRelease(this.#id);
    this.notifyProgress();
    
    for (const f of this.#onExitHandlers) {
      try {
        f();
      } catch (err) {
        console.error("error during task exit handler", err);
        throw err;
      }
    }
    
    this.#exited = true;
    clearCurrentTask(this.#componentIdx, this.id());
  }
  
  needsExclusiveLock() {
    // Host (-1) tasks model host-side import handling: there is no
    // guest linear memory or executor state to protect, and host
    // calls from unrelated guest components would contend spuriously.
    if (this.#componentIdx === -1) { return false; }
    // Import-handler tasks (CallInterface) run host code nested
    // inside the calling guest slice, which already holds the
    // lock; only tasks that execute guest slices need it.
    if (!this.#callingWasmExport) { return false; }
    // A sync-lifted callee cannot be reentered until the whole
    // stackful call returns. This is the Component Model's
    // automatic-backpressure rule for async-lowered calls.
    return !this.#isAsync || this.hasCallback() || this.#calleeIsAsync === false;
  }
  
  createSubtask(args) {
    _debugLog('[AsyncTask#createSubtask()] args', args);
    const { componentIdx, childTask, callMetadata, fnName, isAsync, isManualAsync } = args;
    
    const cstate = getOrCreateAsyncState(this.#componentIdx);
    if (!cstate) {
      throw new Error(`invalid/missing async state for component idx [${componentIdx}]`);
    }
    
    const waitable = new Waitable({
      componentIdx: this.#componentIdx,
      target: `subtask (internal ID [${this.#id}])`,
    });
    
    const newSubtask = new AsyncSubtask({
      componentIdx,
      childTask,
      parentTask: this,
      callMetadata,
      isAsync,
      isManualAsync,
      fnName,
      waitable,
    });
    this.#subtasks.push(newSubtask);
    newSubtask.setTarget(`subtask (internal ID [${newSubtask.id()}], waitable [${waitable.idx()}], component [${componentIdx}])`);
    waitable.setIdx(cstate.handles.insert(newSubtask));
    waitable.setTarget(`waitable for subtask (waitable id [${waitable.idx()}], subtask internal ID [${newSubtask.id()}])`);
    return newSubtask;
  }
  
  getLatestSubtask() {
    return this.#subtasks.at(-1);
  }
  
  getSubtaskByWaitableRep(rep) {
    if (rep === undefined) { throw new TypeError('missing rep'); }
    return this.#subtasks.find(s => s.waitableRep() === rep);
  }
  
  currentSubtask() {
    _debugLog('[AsyncTask#currentSubtask()]');
    if (this.#subtasks.length === 0) { return undefined; }
    return this.#subtasks.at(-1);
  }
  
  removeSubtask(subtask) {
    if (this.#subtasks.length === 0) {
      throw new Error('cannot end current subtask: no current subtask');
    }
    this.#subtasks = this.#subtasks.filter(t => t !== subtask);
    return subtask;
  }
}

function createNewCurrentTask(args) {
  _debugLog('[createNewCurrentTask()] args', args);
  const {
    componentIdx,
    isAsync,
    isManualAsync,
    preserveFutureResult,
    entryFnName,
    parentSubtaskID,
    callbackFnName,
    getCallbackFn,
    getParamsFn,
    stringEncoding,
    errHandling,
    getCalleeParamsFn,
    resultPtr,
    callingWasmExport,
  } = args;
  if (componentIdx === undefined || componentIdx === null) {
    throw new Error('missing/invalid component instance index while starting task');
  }
  let taskMetas = ASYNC_TASKS_BY_COMPONENT_IDX.get(componentIdx);
  const callbackFn = getCallbackFn ? getCallbackFn() : null;
  
  const newTask = new AsyncTask({
    componentIdx,
    isAsync,
    isManualAsync,
    preserveFutureResult,
    entryFnName,
    callbackFn,
    callbackFnName,
    stringEncoding,
    getCalleeParamsFn,
    resultPtr,
    errHandling,
    callingWasmExport,
  });
  
  const newTaskID = newTask.id();
  const newTaskMeta = { id: newTaskID, componentIdx, task: newTask };
  
  // NOTE: do not track host tasks
  ASYNC_CURRENT_TASK_IDS.push(newTaskID);
  ASYNC_CURRENT_COMPONENT_IDXS.push(componentIdx);
  
  if (!taskMetas) {
    taskMetas = [newTaskMeta];
    ASYNC_TASKS_BY_COMPONENT_IDX.set(componentIdx, [newTaskMeta]);
  } else {
    taskMetas.push(newTaskMeta);
  }
  
  return [newTask, newTaskID];
}

function _checkMayLeave(componentIdx) {
  if (INSTANCE_FLAGS.get(componentIdx)?.value !== 1) {
    throw new WebAssemblyRuntimeError('cannot leave component instance');
  }
}

function _getGlobalCurrentTaskMeta(componentIdx) {
  const v = componentIdx === undefined || componentIdx === null
  ? CURRENT_TASK_META.current
  : CURRENT_TASK_META[componentIdx];
  if (v === undefined || v === null) {
    return undefined;
  }
  return { ...v };
}


function _setGlobalCurrentTaskMeta(args) {
  if (!args) { throw new TypeError('args missing'); }
  if (args.taskID === undefined) { throw new TypeError('missing task ID'); }
  if (args.componentIdx === undefined) { throw new TypeError('missing component idx'); }
  const { taskID, componentIdx } = args;
  return CURRENT_TASK_META.current =
  CURRENT_TASK_META[componentIdx] = { taskID, componentIdx };
}


async function _clearCurrentTask(args) {
  _debugLog('[_clearCurrentTask()] args', args);
  if (!args) { throw new TypeError('args missing'); }
  if (args.taskID === undefined) { throw new TypeError('missing task ID'); }
  if (args.componentIdx === undefined) { throw new TypeError('missing component idx'); }
  const { taskID, componentIdx } = args;
  
  const meta = CURRENT_TASK_META[componentIdx];
  if (!meta) { throw new Error(`missing current task meta for component idx [${componentIdx}]`); }
  
  if (meta.taskID !== taskID) {
    throw new Error(`task ID [${meta.taskID}] != requested ID [${taskID}]`);
  }
  if (meta.componentIdx !== componentIdx) {
    throw new Error(`component idx [${meta.componentIdx}] != requested idx [${componentIdx}]`);
  }
  
  CURRENT_TASK_META[componentIdx] = null;
  if (CURRENT_TASK_META.current?.taskID === taskID) {
    CURRENT_TASK_META.current = null;
  }
}

function _lowerImportBackwardsCompat(args) {
  const params = [...arguments].slice(1);
  _debugLog('[_lowerImportBackwardsCompat()] args', { args, params });
  const {
    functionIdx,
    componentIdx,
    isAsync,
    isManualAsync,
    paramLiftFns,
    resultLowerFns,
    hasResultPointer,
    funcTypeIsAsync,
    metadata,
    memoryIdx,
    getMemoryFn,
    getReallocFn,
    importFn,
    stringEncoding,
  } = args;
  
  _checkMayLeave(componentIdx);
  
  let meta = _getGlobalCurrentTaskMeta(componentIdx);
  let createdTask;
  
  // Some components depend on initialization logic (i.e. `_initialize` or some such
  // core wasm export) that is embedded in the component, but is not executed or wizer'd
  // away before the transpiled component is attempted to be used.
  //
  // These components execut their initialization logic *when they are imported* in the
  // transpiled context -- so we may get a call to an export that is lowered without going
  // through `CallWasm` or `CallInterface`.
  //
  if (!meta) {
    if (funcTypeIsAsync || (isAsync && !isManualAsync)) {
      throw new Error('p3 async wasm exports cannot use backwards compat auto-task init');
    }
    
    const [newTask, newTaskID] = createNewCurrentTask({
      componentIdx,
      isAsync,
      isManualAsync,
      callingWasmExport: false,
    });
    createdTask = newTask;
    
    // Since we're managing the task creation ourselves we must clear ourselves
    createdTask.registerOnResolveHandler(() => {
      _clearCurrentTask({
        taskID: task.id(),
        componentIdx: task.componentIdx(),
      });
    });
    
    _setGlobalCurrentTaskMeta({
      componentIdx,
      taskID: newTaskID,
    });
    
    meta = _getGlobalCurrentTaskMeta(componentIdx);
  }
  
  const { taskID } = meta;
  
  const taskMeta = getCurrentTask(componentIdx, taskID);
  if (!taskMeta) {
    throw new Error('invalid/missing async task meta');
  }
  
  const task = taskMeta.task;
  if (!task) { throw new Error('invalid/missing async task'); }
  
  const cstate = getOrCreateAsyncState(componentIdx);
  
  if (!task.mayBlock() && funcTypeIsAsync && !isAsync) {
    throw new Error("non async exports cannot synchronously call async functions");
  }
  
  // If there is an existing task, this should be part of a subtask
  const memory = getMemoryFn();
  // Canonical ABI lower appends result storage as a trailing
  // param when async lower has any flat result, or sync lower
  // has more than one flat result.
  const resultPtr = hasResultPointer ? params[params.length - 1] : undefined;
  const subtask = task.createSubtask({
    componentIdx,
    parentTask: task,
    fnName: importFn.fnName,
    isAsync,
    isManualAsync,
    callMetadata: {
      memoryIdx,
      memory,
      realloc: getReallocFn?.(),
      getReallocFn,
      resultPtr,
      lowers: resultLowerFns,
      funcTypeIsAsync,
      stringEncoding,
    }
  });
  task.setReturnMemoryIdx(memoryIdx);
  task.setReturnMemory(getMemoryFn());
  
  subtask.onStart();
  
  // If dealing with a sync lowered sync function, we can directly return results
  //
  // TODO(breaking): remove once we get rid of manual async import specification,
  // as func types cannot be detected in that case only (and we don't need that w/ p3)
  if (!isManualAsync && !isAsync && !funcTypeIsAsync) {
    if (createdTask) { createdTask.enterSync(); }
    
    const res = importFn(...params);
    
    // TODO(breaking): remove once we get rid of manual async import specification,
    // as func types cannot be detected in that case only (and we don't need that w/ p3)
    if (!funcTypeIsAsync && !subtask.isReturned()) {
      throw new Error('post-execution subtasks must either be async or returned');
    }
    
    const syncRes = subtask.getResult();
    if (createdTask) { createdTask.resolve([syncRes]); }
    
    return syncRes;
  }
  
  // Sync-lowered async functions requires async behavior because the callee *can* block,
  // but this call must *act* synchronously and return immediately with the result
  // (i.e. not returning until the work is done)
  //
  // TODO(breaking): remove checking for manual async specification here, once we can go p3-only
  //
  if (!isManualAsync && !isAsync && funcTypeIsAsync) {
    const { promise, resolve, reject } = promiseWithResolvers();
    queueMicrotask(async () => {
      try {
        await importFn(...params);
        if (!subtask.isResolved()) {
          await task.suspendUntil({ readyFn: () => subtask.isResolved() });
        }
        resolve(subtask.getResult());
      } catch (err) {
        reject(err);
      }
    });
    return promise;
  }
  
  // NOTE: at this point we know that we are working with an async lowered import
  
  const subtaskState = subtask.getStateNumber();
  if (subtaskState < 0 || subtaskState >= 2**4) {
    throw new Error('invalid subtask state, out of valid range');
  }
  
  subtask.setOnProgressFn(() => {
    subtask.setPendingEvent(() => {
      if (subtask.isResolved()) { subtask.deliverResolve(); }
      const event = {
        code: ASYNC_EVENT_CODE.SUBTASK,
        payload0: subtask.waitableRep(),
        payload1: subtask.getStateNumber(),
      }
      return event;
    });
  });
  
  // This is a hack to maintain backwards compatibility with
  // manually-specified async imports, used in wasm exports that are
  // not actually async (but are specified as so).
  //
  // This is not normal p3 sync behavior but instead anticipating that
  // the caller that is doing manual async will be waiting for a promise that
  // resolves to the *actual* result.
  //
  // TODO(breaking): remove once manually specified async is removed
  //
  // There are a few cases:
  // 1. sync function with async types (e.g. `f: func() -> stream<u32>`)
  // 2. async function with async types (e.g. `f: async func() -> stream<u32>`)
  // 3. async function with sync types (e.g. `f: async func() -> list<u32>`)
  // 4. sync function with non-async types (e.g. `f: func() -> list<u32>`)
  //
  // This hack *only* applies to 4 -- the case where an async JS host function
  // is supplied to a Wasm export which does *not* need to do any async abi
  // lifting/lowering (async ABI did not exist when JSPI integratiton was
  // initially merged to enable asynchronously returning values from the host)
  //
  const requiresManualAsyncResult = !isAsync && !funcTypeIsAsync && isManualAsync;
  let manualAsyncResult;
  if (requiresManualAsyncResult) {
    manualAsyncResult = promiseWithResolvers();
  }
  
  queueMicrotask(async () => {
    try {
      _debugLog('[_lowerImportBackwardsCompat()] calling lowered import', { importFn, params });
      if (createdTask) { await createdTask.enter(); }
      
      const asyncRes = await importFn(...params);
      if (requiresManualAsyncResult) {
        manualAsyncResult.resolve(subtask.getResult());
      }
      
      if (createdTask) { createdTask.resolve([asyncRes]); }
      
      
    } catch (err) {
      _debugLog("[_lowerImportBackwardsCompat()] import fn error:", err);
      if (requiresManualAsyncResult) {
        manualAsyncResult.reject(err);
        return;
      }
      task.setErrored(err);
      task.reject(err);
    }
  });
  
  if (requiresManualAsyncResult) { return manualAsyncResult.promise; }
  
  _debugLog('[_lowerImportBackwardsCompat()] async-lowered import return', {
    fnName: importFn.fnName,
    componentIdx,
    subtaskID: subtask.id(),
    waitableRep: subtask.waitableRep(),
    subtaskState,
    packedResult: Number(subtask.waitableRep()) << 4 | subtaskState,
  });
  
  return Number(subtask.waitableRep()) << 4 | subtaskState;
}

const CURRENT_TASK_MAY_BLOCK= globalThis.WebAssembly ? new globalThis.WebAssembly.Global({ value: 'i32', mutable: true }, 0) : false;


function _liftFlatBool(ctx) {
  _debugLog('[_liftFlatBool()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length === 0) { throw new Error('expected at least a single i32 argument'); }
    val = ctx.params[0] === 1;
    ctx.params = ctx.params.slice(1);
    return [val, ctx];
  }
  
  if (ctx.storageLen !== undefined && ctx.storageLen < 1) {
    throw new Error(`insufficient storage ([${ctx.storageLen}] bytes) for lift (bool requires 1 byte)`);
  }
  
  val = new DataView(ctx.memory.buffer).getUint8(ctx.storagePtr, true) === 1;
  
  ctx.storagePtr += 1;
  if (ctx.storageLen !== undefined) { ctx.storageLen -= 1; }
  
  return [val, ctx];
}


function _liftFlatU8(ctx) {
  _debugLog('[_liftFlatU8()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length === 0) { throw new Error('expected at least a single i32 argument'); }
    val = ctx.params[0];
    ctx.params = ctx.params.slice(1);
    return [val, ctx];
  }
  
  if (ctx.storageLen !== undefined && ctx.storageLen < 1) {
    throw new Error(`insufficient storage ([${ctx.storageLen}] bytes) for lift (u8 requires 1 byte)`);
  }
  
  val = new DataView(ctx.memory.buffer).getUint8(ctx.storagePtr, true);
  
  ctx.storagePtr += 1;
  if (ctx.storageLen !== undefined) { ctx.storageLen -= 1; }
  
  return [val, ctx];
}


function _liftFlatU16(ctx) {
  _debugLog('[_liftFlatU16()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length === 0) { throw new Error('expected at least a single i32 argument'); }
    val = ctx.params[0];
    ctx.params = ctx.params.slice(1);
    return [val, ctx];
  }
  
  if (ctx.storageLen !== undefined && ctx.storageLen < 2) {
    throw new Error(`insufficient storage ([${ctx.storageLen}] bytes) for lift (u16 requires 2 bytes)`);
  }
  
  val = new DataView(ctx.memory.buffer).getUint16(ctx.storagePtr, true);
  
  ctx.storagePtr += 2;
  if (ctx.storageLen !== undefined) { ctx.storageLen -= 2; }
  
  const rem = ctx.storagePtr % 2;
  if (rem !== 0) { ctx.storagePtr += (2 - rem); }
  
  return [val, ctx];
}


function _liftFlatU32(ctx) {
  _debugLog('[_liftFlatU32()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length === 0) { throw new Error('expected at least a single i34 argument'); }
    // core i32 values arrive as signed numbers
    val = ctx.params[0] >>> 0;
    ctx.params = ctx.params.slice(1);
    return [val, ctx];
  }
  
  if (ctx.storageLen !== undefined && ctx.storageLen < 4) {
    throw new Error(`insufficient storage ([${ctx.storageLen}] bytes) for lift (u32 requires 4 bytes)`);
  }
  val = new DataView(ctx.memory.buffer).getUint32(ctx.storagePtr, true);
  ctx.storagePtr += 4;
  if (ctx.storageLen !== undefined) { ctx.storageLen -= 4; }
  
  return [val, ctx];
}


function _liftFlatU64(ctx) {
  _debugLog('[_liftFlatU64()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length === 0) { throw new Error('expected at least one single i64 argument'); }
    if (typeof ctx.params[0] !== 'bigint') { throw new Error('expected bigint'); }
    // core i64 values arrive as signed BigInts
    val = BigInt.asUintN(64, ctx.params[0]);
    ctx.params = ctx.params.slice(1);
    return [val, ctx];
  }
  
  if (ctx.storageLen !== undefined && ctx.storageLen < 8) {
    throw new Error(`insufficient storage ([${ctx.storageLen}] bytes) for lift (u64 requires 8 bytes)`);
  }
  
  val = new DataView(ctx.memory.buffer).getBigUint64(ctx.storagePtr, true);
  ctx.storagePtr += 8;
  if (ctx.storageLen !== undefined) { ctx.storageLen -= 8; }
  
  return [val, ctx];
}


function _liftFlatStringUTF8(ctx) {
  _debugLog('[_liftFlatStringUTF8()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length < 2) { throw new Error('expected at least two u32 arguments'); }
    let offset = ctx.params[0];
    if (typeof offset === 'bigint') { offset = Number(offset); }
    if (!Number.isSafeInteger(offset)) { throw new Error('invalid offset'); }
    const len = ctx.params[1];
    if (!Number.isSafeInteger(len)) {  throw new Error('invalid len'); }
    val = TEXT_DECODER_UTF8.decode(new DataView(ctx.memory.buffer, offset, len));
    ctx.params = ctx.params.slice(2);
    return [val, ctx];
  }
  
  const rem = ctx.storagePtr % 4;
  if (rem !== 0) { ctx.storagePtr += (4 - rem); }
  
  const dv = new DataView(ctx.memory.buffer);
  const start = dv.getUint32(ctx.storagePtr, true);
  const codeUnits = dv.getUint32(ctx.storagePtr + 4, true);
  
  val = TEXT_DECODER_UTF8.decode(new Uint8Array(ctx.memory.buffer, start, codeUnits));
  
  ctx.storagePtr += 8;
  if (ctx.storageLen !== undefined) { ctx.storagelen -= 8; }
  
  return [val, ctx];
}

function _liftFlatStringUTF16(ctx) {
  _debugLog('[_liftFlatStringUTF16()] args', { ctx });
  let val;
  
  if (ctx.useDirectParams) {
    if (ctx.params.length < 2) { throw new Error('expected at least two u32 arguments'); }
    let offset = ctx.params[0];
    if (typeof offset === 'bigint') { offset = Number(offset); }
    if (!Number.isSafeInteger(offset)) {  throw new Error('invalid offset'); }
    const len = ctx.params[1];
    if (!Number.isSafeInteger(len)) {  throw new Error('invalid len'); }
    val = utf16Decoder.decode(new DataView(ctx.memory.buffer, offset, len));
    ctx.params = ctx.params.slice(2);
    return [val, ctx];
  }
  
  const data = new DataView(ctx.memory.buffer)
  const start = data.getUint32(ctx.storagePtr, vals[0], true);
  const codeUnits = data.getUint32(ctx.storagePtr, vals[0] + 4, true);
  val = utf16Decoder.decode(new Uint16Array(ctx.memory.buffer, start, codeUnits));
  ctx.storagePtr = ctx.storagePtr + 2 * codeUnits;
  if (ctx.storageLen !== undefined) { ctx.storageLen = ctx.storageLen - 2 * codeUnits }
  
  return [val, ctx];
}

function _liftFlatStringAny(ctx) {
  switch (ctx.stringEncoding) {
    case 'utf8':
    return _liftFlatStringUTF8(ctx);
    case 'utf16':
    return _liftFlatStringUTF16(ctx);
    default:
    throw new Error(`missing/unrecognized/unsupported string encoding [${ctx.stringEncoding}]`);
  }
}

function _liftFlatRecord(meta) {
  const { fieldMetas, size32: recordSize32, align32: recordAlign32 } = meta;
  return function _liftFlatRecordInner(ctx) {
    _debugLog('[_liftFlatRecord()] args', { ctx });
    
    const originalPtr = ctx.storagePtr;
    const res = {};
    for (const [key, liftFn, size32, align32] of fieldMetas) {
      let fieldPtr;
      if (ctx.storagePtr !== undefined) {
        const rem = ctx.storagePtr % align32;
        if (rem !== 0) { ctx.storagePtr += align32 - rem; }
        fieldPtr = ctx.storagePtr;
      }
      
      // A field occupies exactly size32 bytes of the record's
      // flat storage. Capture the remaining storage budget before
      // lifting the field and restore it afterwards: a field's own
      // lift fn may repurpose storageLen internally (e.g. a list
      // sets it to the element-buffer length while reading
      // out-of-line data and never restores it), which would
      // otherwise corrupt the budget the next field sees.
      // See https://github.com/bytecodealliance/jco/issues/1585.
      let fieldLen;
      if (ctx.storageLen !== undefined) { fieldLen = ctx.storageLen; }
      
      let [val, newCtx] = liftFn(ctx);
      res[key] = val;
      ctx = newCtx;
      
      if (fieldPtr !== undefined) {
        ctx.storagePtr = Math.max(ctx.storagePtr, fieldPtr + size32);
      }
      if (fieldLen !== undefined) {
        ctx.storageLen = fieldLen - size32;
      }
    }
    
    if (originalPtr !== undefined) {
      ctx.storagePtr = Math.max(ctx.storagePtr, originalPtr + recordSize32);
    }
    
    if (ctx.storagePtr !== undefined) {
      const rem = ctx.storagePtr % recordAlign32;
      if (rem !== 0) { ctx.storagePtr += recordAlign32 - rem; }
    }
    
    return [res, ctx];
  }
}

const _liftFlatVariantScratch = new DataView(new ArrayBuffer(8));

function _liftFlatVariant(meta) {
  const {
    caseMetas,
    variantSize32,
    variantAlign32,
    variantPayloadOffset32,
    variantFlatCount,
    variantPayloadFlatTypes,
    isEnum,
  } = meta;
  
  return function _liftFlatVariantInner(ctx) {
    _debugLog('[_liftFlatVariant()] args', { ctx });
    const origUseParams = ctx.useDirectParams;
    
    let caseIdx;
    let liftRes;
    const originalPtr = ctx.storagePtr;
    const numCases =  caseMetas.length;
    if (caseMetas.length < 256) {
      liftRes = _liftFlatU8(ctx);
    } else if (numCases >= 256 && numCases < 65536) {
      liftRes = _liftFlatU16(ctx);
    } else if (numCases >= 65536 && numCases < 4_294_967_296) {
      liftRes = _liftFlatU32(ctx);
    } else {
      throw new Error(`unsupported number of variant cases [${numCases}]`);
    }
    caseIdx = liftRes[0];
    ctx = liftRes[1];
    
    const [
    tag,
    liftFn,
    caseSize32,
    caseAlign32,
    caseFlatCount,
    caseFlatTypes,
    ] = caseMetas[caseIdx];
    
    if (variantPayloadOffset32 === undefined) {
      throw new Error('unexpectedly missing payload offset');
    }
    
    if (originalPtr !== undefined) {
      ctx.storagePtr = originalPtr + variantPayloadOffset32;
    }
    
    let val;
    if (liftFn === null) {
      val = { tag };
      // NOTE: here we need to move past the entire object in memory
      // despite moving to the payload which we now know is missing/unnecessary
      if (originalPtr !== undefined) {
        ctx.storagePtr = originalPtr + variantSize32;
      }
    } else {
      // When lifting from direct params, the payload arrives as the
      // *join* of all case flat representations: each slot whose
      // joined core type differs from the selected case's core type
      // must be reinterpreted before the payload lift
      // (see CanonicalABI `lift_flat_variant`)
      if (ctx.useDirectParams) {
        if (!variantPayloadFlatTypes || !caseFlatTypes) {
          throw new Error('missing variant flat type metadata during direct-param lift');
        }
        const scratch = _liftFlatVariantScratch;
        for (let i = 0; i < caseFlatTypes.length; i++) {
          const have = variantPayloadFlatTypes[i];
          const want = caseFlatTypes[i];
          if (have === want) { continue; }
          const val = ctx.params[i];
          if (have === 'i64' && want === 'i32') {
            ctx.params[i] = Number(BigInt.asIntN(32, val));
          } else if (have === 'i64' && want === 'f32') {
            scratch.setInt32(0, Number(BigInt.asIntN(32, val)), true);
            ctx.params[i] = scratch.getFloat32(0, true);
          } else if (have === 'i64' && want === 'f64') {
            scratch.setBigInt64(0, val, true);
            ctx.params[i] = scratch.getFloat64(0, true);
          } else if (have === 'i32' && want === 'f32') {
            scratch.setInt32(0, val, true);
            ctx.params[i] = scratch.getFloat32(0, true);
          } else {
            throw new Error(`invalid variant payload coercion [${have}] -> [${want}]`);
          }
        }
      }
      
      const [newVal, newCtx] = liftFn(ctx);
      val = { tag, val: newVal };
      ctx = newCtx;
    }
    
    if (origUseParams) {
      if (variantFlatCount === undefined || variantFlatCount === null) {
        _debugLog('[_liftFlatVariant()] variant with unknown flat count', { ctx, meta });
        throw new Error('cannot lift variant with unknown flat count');
      }
      if (caseFlatCount === undefined || caseFlatCount === null) {
        _debugLog('[_liftFlatVariant()] case with unknown flat count', { ctx, meta, case: meta.caseMetas[caseIdx] });
        throw new Error('cannot lift case with unknown flat count');
      }
      // NOTE: enums can be tightly packed and do not have a descriminant
      const remainingPayloadParams = variantFlatCount - caseFlatCount - (isEnum ? 0 : 1);
      if (remainingPayloadParams < 0) {
        throw new Error(`invalid variant flat count metadata`);
      }
      if (ctx.params.length < remainingPayloadParams) {
        throw new Error(`expected at least [${remainingPayloadParams}] remaining variant payload params, but got [${ctx.params.length}]`);
      }
      ctx.params = ctx.params.slice(remainingPayloadParams);
    }
    
    if (ctx.storagePtr !== undefined) {
      const rem = ctx.storagePtr % variantAlign32;
      if (rem !== 0) { ctx.storagePtr += variantAlign32 - rem; }
    }
    
    return [val, ctx];
  }
}

function _liftFlatList(meta) {
  const { elemLiftFn, elemSize32, elemAlign32, knownLen, typedArray } = meta;
  
  const listValue =
  typedArray === undefined
  ? values => values
  : values => new typedArray(values);
  
  const readValuesAndReset = (ctx, originalPtr, originalLen, dataPtr, len) => {
    if (dataPtr % elemAlign32 !== 0) {
      throw new TypeError(`list pointer [${dataPtr}] is not aligned to ${elemAlign32}`);
    }
    ctx.storagePtr = dataPtr;
    const val = [];
    for (var i = 0; i < len; i++) {
      const elemPtr = dataPtr + i * elemSize32;
      ctx.storagePtr = elemPtr;
      const [res, nextCtx] = elemLiftFn(ctx);
      val.push(res);
      ctx = nextCtx;
      
      ctx.storagePtr = Math.max(ctx.storagePtr, elemPtr + elemSize32);
    }
    if (originalPtr !== null) { ctx.storagePtr = originalPtr; }
    if (originalLen !== null) { ctx.storageLen = originalLen; }
    return [listValue(val), ctx];
  };
  
  return function _liftFlatListInner(ctx) {
    _debugLog('[_liftFlatList()] args', { ctx });
    
    let liftResults;
    if (knownLen !== undefined) { // list with known length
    if (ctx.useDirectParams) {
      _debugLog('memory unexpectedly missing while lifting unknown length list', { ctx });
      liftResults = [listValue(ctx.params.slice(0, knownLen)), ctx];
      ctx.params = ctx.params.slice(knownLen);
    } else { // indirect params
    if (ctx.memory === null) {
      _debugLog('memory unexpectedly missing while lifting known length list', { knownLen, ctx });
      throw new Error(`memory missing while lifting known length (${knownLen}) list`);
    }
    
    const originalLen = ctx.storageLen;
    const originalPtr = ctx.storagePtr;
    
    ctx.storageLen = knownLen * elemSize32;
    liftResults = readValuesAndReset(ctx, null, originalLen, ctx.storagePtr, knownLen);
  }
  
} else { // unknown length list

if (ctx.useDirectParams) {
  // unknown length list ptr w/ direct params
  const dataPtr = ctx.params[0];
  const len = ctx.params[1];
  ctx.params = ctx.params.slice(2);
  
  ctx.useDirectParams = false;
  const originalPtr = ctx.storagePtr;
  const originalLen = ctx.storageLen;
  ctx.storageLen = len * elemSize32;
  
  liftResults = readValuesAndReset(ctx, originalPtr, originalLen, dataPtr, len);
  
  ctx.useDirectParams = true;
} else {
  // unknown length list ptr w/ in-memory params
  const originalLen = ctx.storageLen;
  ctx.storageLen = 8;
  
  const dataPtrLiftRes = _liftFlatU32(ctx);
  const dataPtr = dataPtrLiftRes[0];
  ctx = dataPtrLiftRes[1];
  
  const lenLiftRes = _liftFlatU32(ctx);
  const len = lenLiftRes[0];
  ctx = lenLiftRes[1];
  
  const originalPtr = ctx.storagePtr;
  ctx.storagePtr = dataPtr;
  
  ctx.storageLen = len * elemSize32;
  liftResults = readValuesAndReset(ctx, originalPtr, originalLen, dataPtr, len);
}
}

return liftResults;
}
}

function _liftFlatFlags(meta) {
  const { names, size32, align32, intSizeBytes } = meta;
  
  return function _liftFlatFlagsInner(ctx) {
    _debugLog('[_liftFlatFlags()] args', { ctx });
    
    let val = {};
    
    let liftRes;
    let align;
    switch (intSizeBytes) {
      case 1:
      liftRes = _liftFlatU8(ctx);
      break;
      case 2:
      liftRes = _liftFlatU16(ctx);
      break;
      case 4:
      liftRes = _liftFlatU32(ctx);
      break;
      default:
      throw new Error('invalid flags size');
    }
    let bits = liftRes[0];
    ctx = liftRes[1];
    
    
    for (const name of names) {
      val[name] = (bits & 1) === 1;
      bits >>>= 1;
    }
    
    
    const rem = ctx.storagePtr % align32;
    if (rem !== 0) { ctx.storagePtr += align32 - rem; }
    
    return [val, ctx];
  }
}

function _liftFlatEnum(meta) {
  meta.isEnum = true;
  const f = _liftFlatVariant(meta);
  return function _liftFlatEnumInner(ctx) {
    _debugLog('[_liftFlatEnum()] args', { ctx });
    const res = f(ctx);
    res[0] = res[0].tag;
    return res;
  }
}

function _liftFlatOption(meta) {
  const { payloadMaybeNull } = meta;
  const f = _liftFlatVariant(meta);
  return function _liftFlatOptionInner(ctx) {
    _debugLog('[_liftFlatOption()] args', { ctx });
    const res = f(ctx);
    if (!payloadMaybeNull) {
      res[0] = res[0].tag === 'none' ? undefined : res[0].val;
    }
    return res;
  }
}

function _lowerFlatU8(ctx) {
  _debugLog('[_lowerFlatU8()] args', ctx);
  
  if (ctx.vals.length !== 1) {
    throw new Error(`unexpected number [${ctx.vals.length}] of vals (expected 1)`);
  }
  
  _requireValidNumericPrimitive.bind('u8', ctx.vals[0]);
  
  if (!ctx.memory) { throw new Error("missing memory for lower"); }
  new DataView(ctx.memory.buffer).setUint8(ctx.storagePtr, ctx.vals[0]);
  
  ctx.storagePtr += 1;
}

function _lowerFlatU32(ctx) {
  _debugLog('[_lowerFlatU32()] args', { ctx });
  
  if (ctx.vals.length !== 1) {
    throw new Error(`expected single value to lower, got [${ctx.vals.length}]`);
  }
  
  const rem = ctx.storagePtr % 4;
  if (rem !== 0) { ctx.storagePtr += (4 - rem); }
  
  _requireValidNumericPrimitive.bind('u32', ctx.vals[0]);
  new DataView(ctx.memory.buffer).setUint32(ctx.storagePtr, ctx.vals[0], true);
  
  ctx.storagePtr += 4;
}

function _lowerFlatU64(ctx) {
  _debugLog('[_lowerFlatU64()] args', { ctx });
  
  if (ctx.vals.length !== 1) { throw new Error('unexpected number of vals'); }
  
  const rem = ctx.storagePtr % 8;
  if (rem !== 0) { ctx.storagePtr += (8 - rem); }
  
  _requireValidNumericPrimitive.bind('u64', ctx.vals[0]);
  new DataView(ctx.memory.buffer).setBigUint64(ctx.storagePtr, ctx.vals[0], true);
  
  ctx.storagePtr += 8;
}

function _lowerFlatList(meta) {
  const {
    elemLowerFn,
    knownLen,
    size32,
    align32,
    elemSize32,
    elemAlign32,
  } = meta;
  
  if (!elemLowerFn) { throw new TypeError("missing/invalid element lower fn for list"); }
  
  return function _lowerFlatListInner(ctx) {
    _debugLog('[_lowerFlatList()] args', { ctx });
    
    if (ctx.useDirectParams) {
      if (ctx.params.length < 2) { throw new Error('insufficient params left to lower list'); }
      const storagePtr = ctx.params[0];
      const elemCount = ctx.params[1];
      ctx.params = ctx.params.slice(2);
      
      const list = ctx.vals[0];
      if (!list) { throw new Error("missing direct param value"); }
      
      const lowerCtx = {
        storagePtr,
        memory: ctx.memory,
        stringEncoding: ctx.stringEncoding,
      };
      for (let idx = 0; idx < list.length; idx++) {
        const elemPtr = storagePtr + idx * elemSize32;
        lowerCtx.storagePtr = elemPtr;
        lowerCtx.vals = list.slice(idx, idx+1);
        elemLowerFn(lowerCtx);
        lowerCtx.storagePtr = Math.max(lowerCtx.storagePtr, elemPtr + elemSize32);
      }
      ctx.storagePtr = lowerCtx.storagePtr;
      
      // TODO: implement parma-only known-length processing
      
      return;
    }
    
    // TODO(fix): is it possible to get a vals that are a addr and length here from
    // a component lower?
    
    const elems = ctx.vals[0];
    if (knownLen === undefined) {
      // unknown length
      if (!ctx.realloc) { throw new Error('missing realloc during flat string lower'); }
      const dataPtr = ctx.realloc(0, 0, elemAlign32, elemSize32 * elems.length);
      
      ctx.vals[0] = dataPtr;
      _lowerFlatU32(ctx);
      
      ctx.vals[0] = elems.length;
      _lowerFlatU32(ctx);
      
      const origPtr = ctx.storagePtr;
      ctx.storagePtr = dataPtr;
      
      for (const [idx, elem] of elems.entries()) {
        const elemPtr = dataPtr + idx * elemSize32;
        ctx.storagePtr = elemPtr;
        ctx.vals = [elem];
        elemLowerFn(ctx);
        ctx.storagePtr = Math.max(ctx.storagePtr, elemPtr + elemSize32);
      }
      
      ctx.storagePtr = origPtr;
      
    } else {
      // known length
      
      if (elems.length !== knownLen) {
        throw new TypeError(`invalid list input of length [${elems.length}], must be length [${knownLen}]`);
      }
      
      const originalPtr = ctx.storagePtr;
      for (const [idx, elem] of elems.entries()) {
        const elemPtr = originalPtr + idx * elemSize32;
        ctx.storagePtr = elemPtr;
        ctx.vals = [elem];
        elemLowerFn(ctx);
        ctx.storagePtr = Math.max(ctx.storagePtr, elemPtr + elemSize32);
      }
    }
    
    // TODO(fix): special case for u8/u16/etc, we can do a direct copy
    
    const totalSizeBytes = elems.length * size32;
    if (ctx.storageLen !== undefined && totalSizeBytes > ctx.storageLen) {
      throw new Error('not enough storage remaining for list flat lower');
    }
  }
}

function _trackHostOperation(operation) {
  const result = operation();
  if (result === null ||
  (typeof result !== 'object' && typeof result !== 'function') ||
  typeof result.then !== 'function') {
    return result;
  }
  
  STORE_ASYNC_STATE.pendingHostOperations++;
  return Promise.resolve(result).finally(() => {
    STORE_ASYNC_STATE.pendingHostOperations--;
    if (STORE_ASYNC_STATE.pendingHostOperations < 0) {
      throw new Error('negative pending host operation count');
    }
    for (const state of ASYNC_STATE.values()) { state.runTickLoop(); }
    _checkForDeadlock();
  });
}

function _guardMayLeave(componentIdx, fn) {
  return function (...args) {
    _checkMayLeave(componentIdx);
    return fn.apply(this, args);
  };
}

const base64Compile = str => WebAssembly.compile(
typeof Buffer !== 'undefined'
? Buffer.from(str, 'base64')
: Uint8Array.from(atob(str), b => b.charCodeAt(0))
);


const isNode = typeof process !== 'undefined' && process.versions && process.versions.node;
let _fs;
async function fetchCompile (url) {
  if (isNode) {
    _fs = _fs || await import('node:fs/promises');
    return WebAssembly.compile(await _fs.readFile(url));
  }
  return fetch(url).then(WebAssembly.compileStreaming);
}

const symbolRscHandle = Symbol('handle');
const symbolDispose = Symbol.dispose || Symbol.for('dispose');

const HANDLE_TABLES= [];


function finalizationRegistryCreate (unregister) {
  if (typeof FinalizationRegistry === 'undefined') {
    return { unregister () {} };
  }
  return new FinalizationRegistry(unregister);
}

class ComponentError extends Error {
  constructor (value) {
    const enumerable = typeof value !== 'string';
    super(enumerable ? `${String(value)} (see error.payload)` : value);
    Object.defineProperty(this, 'payload', { value, enumerable });
  }
}

function throwInvalidBool() {
  throw new TypeError('invalid variant discriminant for bool');
}

const instantiateCore = WebAssembly.instantiate;

function _suspendingImport(componentIdx, fn, syncOnly = false, switchesTask = false) {
  return function (...args) {
    _checkMayLeave(componentIdx);
    const saved = CURRENT_TASK_META[componentIdx] ?? null;
    
    const savedTask = saved
    ? getCurrentTask(saved.componentIdx, saved.taskID)?.task
    : null;
    const mayBlock = savedTask
    ? (savedTask?.mayBlock() ?? (CURRENT_TASK_MAY_BLOCK.value !== 0))
    : false;
    if (!saved && !mayBlock) {
      throw new WebAssemblyRuntimeError('cannot block a synchronous task before returning');
    }
    
    if (syncOnly || !mayBlock) {
      let result;
      try {
        result = fn.apply(null, args);
      } catch (err) {
        CURRENT_TASK_META[componentIdx] = saved;
        if (!switchesTask) { CURRENT_TASK_META.current = saved; }
        throw err;
      }
      
      CURRENT_TASK_META[componentIdx] = saved;
      if (!switchesTask) { CURRENT_TASK_META.current = saved; }
      
      if (result !== null &&
      (typeof result === 'object' || typeof result === 'function') &&
      typeof result.then === 'function') {
        // The helper may already have returned a rejected promise.
        // Mark it handled before replacing it with the canonical
        // synchronous-task trap.
        Promise.resolve(result).catch(() => {});
        throw new WebAssemblyRuntimeError('cannot block a synchronous task before returning');
      }
      return result;
    }
    
    return (async () => {
      try {
        return await fn.apply(null, args);
      } finally {
        CURRENT_TASK_META[componentIdx] = saved;
        if (!switchesTask) { CURRENT_TASK_META.current = saved; }
      }
    })();
  };
}


let exports0;

const _trampoline0 = function(arg0, arg1) {
  let variant0;
  switch (arg0) {
    case 0: {
      variant0 = undefined;
      break;
    }
    case 1: {
      variant0 = BigInt.asUintN(64, BigInt(arg1));
      break;
    }
    default: {
      throw new TypeError('invalid variant discriminant for option');
    }
  }
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="set-timer"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'setTimer',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => setTimer(variant0)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="set-timer"][Instruction::Return]', {
    funcName: 'set-timer',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline0.fnName = 'opencode:background-agent/host@0.1.0#setTimer';

const _trampoline1 = function() {
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="now-ms"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'nowMs',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    ret = _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => nowMs()),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="now-ms"][Instruction::Return]', {
    funcName: 'now-ms',
    paramCount: 1,
    async: false,
    postReturn: false
  });
  task.resolve([toUint64(ret)]);
  task.exit();
  return toUint64(ret);
}
_trampoline1.fnName = 'opencode:background-agent/host@0.1.0#nowMs';
let exports1;
let memory0;
let realloc0;
let realloc0Async;

const _trampoline4 = function(arg0, arg1, arg2) {
  var ptr0 = arg0;
  var len0 = arg1;
  var result0 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr0, len0));
  if ((arg2 & 4294967292) !== 0) {
    throw new TypeError('flags have extraneous bits set');
  }
  var flags1 = {
    lifecycle: Boolean(arg2 & 1),
    activity: Boolean(arg2 & 2),
  };
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="set-interest"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'setInterest',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => setInterest(result0, flags1)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="set-interest"][Instruction::Return]', {
    funcName: 'set-interest',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline4.fnName = 'opencode:background-agent/host@0.1.0#setInterest';

const _trampoline5 = function(arg0, arg1) {
  var ptr0 = arg0;
  var len0 = arg1;
  var result0 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr0, len0));
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="task-settled"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'taskSettled',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => taskSettled(result0)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="task-settled"][Instruction::Return]', {
    funcName: 'task-settled',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline5.fnName = 'opencode:background-agent/host@0.1.0#taskSettled';

const _trampoline6 = function(arg0, arg1) {
  var ptr0 = arg0;
  var len0 = arg1;
  var result0 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr0, len0));
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="persist"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'persist',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => persist(result0)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="persist"][Instruction::Return]', {
    funcName: 'persist',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline6.fnName = 'opencode:background-agent/host@0.1.0#persist';

const _trampoline7 = function(arg0, arg1, arg2, arg3, arg4, arg5) {
  var ptr0 = arg0;
  var len0 = arg1;
  var result0 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr0, len0));
  var ptr1 = arg2;
  var len1 = arg3;
  var result1 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr1, len1));
  let enum2;
  switch (arg4) {
    case 0: {
      enum2 = 'info';
      break;
    }
    case 1: {
      enum2 = 'success';
      break;
    }
    case 2: {
      enum2 = 'warning';
      break;
    }
    case 3: {
      enum2 = 'error';
      break;
    }
    default: {
      throw new TypeError('invalid discriminant specified for ToastVariant');
    }
  }
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="show-toast"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'showToast',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => showToast({
        title: result0,
        message: result1,
        variant: enum2,
        durationMs: arg5 >>> 0,
      })),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="show-toast"][Instruction::Return]', {
    funcName: 'show-toast',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline7.fnName = 'opencode:background-agent/host@0.1.0#showToast';

const _trampoline8 = function(arg0, arg1, arg2) {
  let enum0;
  switch (arg0) {
    case 0: {
      enum0 = 'debug';
      break;
    }
    case 1: {
      enum0 = 'info';
      break;
    }
    case 2: {
      enum0 = 'warn';
      break;
    }
    case 3: {
      enum0 = 'error';
      break;
    }
    default: {
      throw new TypeError('invalid discriminant specified for LogLevel');
    }
  }
  var ptr1 = arg1;
  var len1 = arg2;
  var result1 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr1, len1));
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="log"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'log',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => log(enum0, result1)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="log"][Instruction::Return]', {
    funcName: 'log',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline8.fnName = 'opencode:background-agent/host@0.1.0#log';

const _trampoline9 = function(arg0) {
  let variant24;
  switch (dataView(memory0).getUint8(arg0 + 8, true)) {
    case 0: {
      var ptr0 = dataView(memory0).getUint32(arg0 + 12, true);
      var len0 = dataView(memory0).getUint32(arg0 + 16, true);
      var result0 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr0, len0));
      var ptr1 = dataView(memory0).getUint32(arg0 + 20, true);
      var len1 = dataView(memory0).getUint32(arg0 + 24, true);
      var result1 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr1, len1));
      var len5 = dataView(memory0).getUint32(arg0 + 32, true);
      var base5 = dataView(memory0).getUint32(arg0 + 28, true);
      if (base5 % 4 !== 0) throw new TypeError(`list pointer [${base5}] is not aligned to 4`);
      var result5 = [];
      for (let i = 0; i < len5; i++) {
        const base = base5 + i * 20;
        var ptr2 = dataView(memory0).getUint32(base + 0, true);
        var len2 = dataView(memory0).getUint32(base + 4, true);
        var result2 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr2, len2));
        var ptr3 = dataView(memory0).getUint32(base + 8, true);
        var len3 = dataView(memory0).getUint32(base + 12, true);
        var result3 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr3, len3));
        let enum4;
        switch (dataView(memory0).getUint8(base + 16, true)) {
          case 0: {
            enum4 = 'allow';
            break;
          }
          case 1: {
            enum4 = 'deny';
            break;
          }
          case 2: {
            enum4 = 'ask';
            break;
          }
          default: {
            throw new TypeError('invalid discriminant specified for PermissionAction');
          }
        }
        result5.push({
          permission: result2,
          pattern: result3,
          action: enum4,
        });
      }
      variant24= {
        tag: 'create-session',
        val: {
          parentId: result0,
          title: result1,
          permission: result5,
        }
      };
      break;
    }
    case 1: {
      var ptr6 = dataView(memory0).getUint32(arg0 + 12, true);
      var len6 = dataView(memory0).getUint32(arg0 + 16, true);
      var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
      let variant8;
      switch (dataView(memory0).getUint8(arg0 + 20, true)) {
        case 0: {
          variant8 = undefined;
          break;
        }
        case 1: {
          var ptr7 = dataView(memory0).getUint32(arg0 + 24, true);
          var len7 = dataView(memory0).getUint32(arg0 + 28, true);
          var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
          variant8 = result7;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      let variant13;
      switch (dataView(memory0).getUint8(arg0 + 32, true)) {
        case 0: {
          variant13 = undefined;
          break;
        }
        case 1: {
          var ptr9 = dataView(memory0).getUint32(arg0 + 36, true);
          var len9 = dataView(memory0).getUint32(arg0 + 40, true);
          var result9 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr9, len9));
          var ptr10 = dataView(memory0).getUint32(arg0 + 44, true);
          var len10 = dataView(memory0).getUint32(arg0 + 48, true);
          var result10 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr10, len10));
          let variant12;
          switch (dataView(memory0).getUint8(arg0 + 52, true)) {
            case 0: {
              variant12 = undefined;
              break;
            }
            case 1: {
              var ptr11 = dataView(memory0).getUint32(arg0 + 56, true);
              var len11 = dataView(memory0).getUint32(arg0 + 60, true);
              var result11 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr11, len11));
              variant12 = result11;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          variant13 = {
            providerId: result9,
            modelId: result10,
            variant: variant12,
          };
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      let variant15;
      switch (dataView(memory0).getUint8(arg0 + 64, true)) {
        case 0: {
          variant15 = undefined;
          break;
        }
        case 1: {
          var ptr14 = dataView(memory0).getUint32(arg0 + 68, true);
          var len14 = dataView(memory0).getUint32(arg0 + 72, true);
          var result14 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr14, len14));
          variant15 = result14;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      var len17 = dataView(memory0).getUint32(arg0 + 80, true);
      var base17 = dataView(memory0).getUint32(arg0 + 76, true);
      if (base17 % 4 !== 0) throw new TypeError(`list pointer [${base17}] is not aligned to 4`);
      var result17 = [];
      for (let i = 0; i < len17; i++) {
        const base = base17 + i * 8;
        var ptr16 = dataView(memory0).getUint32(base + 0, true);
        var len16 = dataView(memory0).getUint32(base + 4, true);
        var result16 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr16, len16));
        result17.push(result16);
      }
      var bool18 = dataView(memory0).getUint8(arg0 + 84, true);
      variant24= {
        tag: 'prompt-session',
        val: {
          sessionId: result6,
          agent: variant8,
          model: variant13,
          system: variant15,
          parts: result17,
          noReply: bool18 == 0 ? false : (bool18 == 1 ? true : throwInvalidBool()),
        }
      };
      break;
    }
    case 2: {
      var ptr19 = dataView(memory0).getUint32(arg0 + 12, true);
      var len19 = dataView(memory0).getUint32(arg0 + 16, true);
      var result19 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr19, len19));
      variant24= {
        tag: 'abort-session',
        val: result19
      };
      break;
    }
    case 3: {
      var ptr20 = dataView(memory0).getUint32(arg0 + 12, true);
      var len20 = dataView(memory0).getUint32(arg0 + 16, true);
      var result20 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr20, len20));
      variant24= {
        tag: 'get-session',
        val: result20
      };
      break;
    }
    case 4: {
      var ptr21 = dataView(memory0).getUint32(arg0 + 12, true);
      var len21 = dataView(memory0).getUint32(arg0 + 16, true);
      var result21 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr21, len21));
      let variant22;
      switch (dataView(memory0).getUint8(arg0 + 20, true)) {
        case 0: {
          variant22 = undefined;
          break;
        }
        case 1: {
          variant22 = dataView(memory0).getInt32(arg0 + 24, true) >>> 0;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      variant24= {
        tag: 'session-messages',
        val: {
          sessionId: result21,
          limit: variant22,
        }
      };
      break;
    }
    case 5: {
      variant24= {
        tag: 'session-status',
      };
      break;
    }
    case 6: {
      var ptr23 = dataView(memory0).getUint32(arg0 + 12, true);
      var len23 = dataView(memory0).getUint32(arg0 + 16, true);
      var result23 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr23, len23));
      variant24= {
        tag: 'session-todo',
        val: result23
      };
      break;
    }
    default: {
      throw new TypeError('invalid variant discriminant for SdkRequest');
    }
  }
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="call"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'call',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => call(BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(arg0 + 0, true))), variant24)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="call"][Instruction::Return]', {
    funcName: 'call',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline9.fnName = 'opencode:background-agent/host@0.1.0#call';

const _trampoline10 = function(arg0, arg1) {
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="random-bytes"] [Instruction::CallInterface] (sync, @ enter)');
  const hostProvided = true;
  
  let parentTask;
  let task;
  let subtask;
  
  const createTask = () => {
    const results = createNewCurrentTask({
      componentIdx: -1,
      isAsync: false,
      entryFnName: 'randomBytes',
      getCallbackFn: () => null,
      callbackFnName: null,
      errHandling: 'none',
      callingWasmExport: false,
    });
    task = results[0];
  };
  
  taskCreation: {
    parentTask = getCurrentTask(
    0,
    _getGlobalCurrentTaskMeta(0)?.taskID,
    )?.task;
    
    if (!parentTask) {
      createTask();
      break taskCreation;
    }
    
    createTask();
    
    if (hostProvided) {
      subtask = parentTask.getLatestSubtask();
      if (!subtask) {
        throw new Error(`Missing subtask (in parent task [${parentTask.id()}]) for host import, has the import been lowered? (ensure asyncImports are set properly)`);
      }
      task.setParentSubtask(subtask);
    }
  }
  
  const started = task.enterSync();
  let ret;
  
  
  try {
    ret = _withGlobalCurrentTaskMeta({
      componentIdx: task.componentIdx(),
      taskID: task.id(),
      fn: () => _trackHostOperation(() => randomBytes(arg0 >>> 0)),
    })
    ;
  } catch (err) {
    
    _debugLog('[Instruction::CallInterface] error during sync call', {
      taskID: task.id(),
      subtaskID: task.getParentSubtask()?.id(),
      err,
    });
    getOrCreateAsyncState(0).markTrapped(err);
    task.setErrored(err);
    task.reject(err);
    task.exit();
    throw err;
    
  }
  
  var val0 = ret;
  var len0 = Array.isArray(val0) ? val0.length : val0.byteLength;
  var ptr0 = realloc0(0, 0, 1, len0 * 1);
  
  let valData0;
  const valLenBytes0 = len0 * 1;
  if (Array.isArray(val0)) {
    // Regular array likely containing numbers, write values to memory
    let offset = 0;
    const dv0 = new DataView(memory0.buffer);
    for (const v of val0) {
      _requireValidNumericPrimitive.bind(null, 'u8')(v);
      dv0.setUint8(ptr0+ offset, v, true);
      offset += 1;
    }
  } else {
    // TypedArray / ArrayBuffer-like, direct copy
    valData0 = new Uint8Array(val0.buffer || val0, val0.byteOffset, valLenBytes0);
    const out0 = new Uint8Array(memory0.buffer, ptr0, valLenBytes0);
    out0.set(valData0);
  }
  
  dataView(memory0).setUint32(arg1 + 4, len0, true);
  dataView(memory0).setUint32(arg1 + 0, ptr0, true);
  _debugLog('[iface="opencode:background-agent/host@0.1.0", function="random-bytes"][Instruction::Return]', {
    funcName: 'random-bytes',
    paramCount: 0,
    async: false,
    postReturn: false
  });
  task.resolve([ret]);
  task.exit();
}
_trampoline10.fnName = 'opencode:background-agent/host@0.1.0#randomBytes';
let exports2;
let postReturn0;
let postReturn0Async;
let postReturn1;
let postReturn1Async;
let postReturn2;
let postReturn2Async;
let postReturn3;
let postReturn3Async;
let postReturn4;
let postReturn4Async;
let postReturn5;
let postReturn5Async;
let postReturn6;
let postReturn6Async;

const handleTable0 = [T_FLAG, 0];
handleTable0._createdReps = new Set();
handleTable0._componentIdx = 0;
const finalizationRegistry0 = finalizationRegistryCreate((handle) => {
  const { rep } = rscTableRemove(handleTable0, handle);
  exports0['7'](rep);
});

HANDLE_TABLES[0] = handleTable0;
let manager010StaticManagerCreate;

class Manager{
  constructor () {
    throw new Error('"Manager" resource does not define a constructor');
  }
}

Manager.create = function create(arg0, arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010StaticManagerCreate',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'throw-result-err',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var encodeRes = _utf8AllocateAndEncode(arg0, realloc0, memory0);
        var ptr0= encodeRes.ptr;
        var len0 = encodeRes.len;
        
        var variant2 = arg1;
        let variant2_0;
        let variant2_1;
        let variant2_2;
        if (variant2 === null || variant2=== undefined) {
          variant2_0 = 0;
          variant2_1 = 0;
          variant2_2 = 0;
        } else {
          const e = variant2;
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr1= encodeRes.ptr;
          var len1 = encodeRes.len;
          
          variant2_0 = 1;
          variant2_1 = ptr1;
          variant2_2 = len1;
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[static]manager.create"][Instruction::CallWasm] enter', {
          funcName: '[static]manager.create',
          paramCount: 5,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010StaticManagerCreate(ptr0, len0, variant2_0, variant2_1, variant2_2),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant6;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            var handle4 = dataView(memory0).getInt32(ret + 4, true);
            var rsc3 = new.target === Manager ? this : Object.create(Manager.prototype);
            Object.defineProperty(rsc3, symbolRscHandle, { writable: true, value: handle4});
            finalizationRegistry0.register(rsc3, handle4, rsc3);
            Object.defineProperty(rsc3, symbolDispose, { writable: true, value: function () {
              finalizationRegistry0.unregister(rsc3);
              const handleEntry = rscTableRemove(handleTable0, handle4);
              rsc3[symbolDispose] = emptyFunc;
              rsc3[symbolRscHandle] = undefined;
              exports0['7'](handleEntry.rep);
            }});
            variant6= {
              tag: 'ok',
              val: rsc3
            };
            break;
          }
          case 1: {
            var ptr5 = dataView(memory0).getUint32(ret + 4, true);
            var len5 = dataView(memory0).getUint32(ret + 8, true);
            var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
            variant6= {
              tag: 'err',
              val: result5
            };
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for expected');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[static]manager.create"][Instruction::Return]', {
          funcName: '[static]manager.create',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        const retCopy = variant6;
        task.resolve([retCopy.val]);
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn0(ret);
        cstate.mayLeave = true;
        task.exit();
        
        
        
        if (typeof retCopy === 'object' && retCopy.tag === 'err') {
          throw new ComponentError(retCopy.val);
        }
        return retCopy.val;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerLaunch;

Manager.prototype.launch = function launch(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerLaunch',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'throw-result-err',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        var ptr0 = realloc0(0, 0, 4, 144);
        
        var handle2 = this[symbolRscHandle];
        if (!handle2 || (handleTable0[(handle2 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle1 = handleTable0[(handle2 << 1) + 1] & ~T_FLAG;
        
        dataView(memory0).setInt32(ptr0 + 0, handle1, true);
        var {parentSessionId: v3_0, parentMessageId: v3_1, parentAgent: v3_2, parentModel: v3_3, description: v3_4, prompt: v3_5, agent: v3_6, model: v3_7, system: v3_8, fallback: v3_9 } = arg1;
        
        var encodeRes = _utf8AllocateAndEncode(v3_0, realloc0, memory0);
        var ptr4= encodeRes.ptr;
        var len4 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 8, len4, true);
        dataView(memory0).setUint32(ptr0 + 4, ptr4, true);
        var variant6 = v3_1;
        if (variant6 === null || variant6=== undefined) {
          dataView(memory0).setInt8(ptr0 + 12, 0, true);
        } else {
          const e = variant6;
          dataView(memory0).setInt8(ptr0 + 12, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr5= encodeRes.ptr;
          var len5 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 20, len5, true);
          dataView(memory0).setUint32(ptr0 + 16, ptr5, true);
        }
        var variant8 = v3_2;
        if (variant8 === null || variant8=== undefined) {
          dataView(memory0).setInt8(ptr0 + 24, 0, true);
        } else {
          const e = variant8;
          dataView(memory0).setInt8(ptr0 + 24, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr7= encodeRes.ptr;
          var len7 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 32, len7, true);
          dataView(memory0).setUint32(ptr0 + 28, ptr7, true);
        }
        var variant14 = v3_3;
        if (variant14 === null || variant14=== undefined) {
          dataView(memory0).setInt8(ptr0 + 36, 0, true);
        } else {
          const e = variant14;
          dataView(memory0).setInt8(ptr0 + 36, 1, true);
          var {providerId: v9_0, modelId: v9_1, variant: v9_2 } = e;
          
          var encodeRes = _utf8AllocateAndEncode(v9_0, realloc0, memory0);
          var ptr10= encodeRes.ptr;
          var len10 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 44, len10, true);
          dataView(memory0).setUint32(ptr0 + 40, ptr10, true);
          
          var encodeRes = _utf8AllocateAndEncode(v9_1, realloc0, memory0);
          var ptr11= encodeRes.ptr;
          var len11 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 52, len11, true);
          dataView(memory0).setUint32(ptr0 + 48, ptr11, true);
          var variant13 = v9_2;
          if (variant13 === null || variant13=== undefined) {
            dataView(memory0).setInt8(ptr0 + 56, 0, true);
          } else {
            const e = variant13;
            dataView(memory0).setInt8(ptr0 + 56, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr12= encodeRes.ptr;
            var len12 = encodeRes.len;
            
            dataView(memory0).setUint32(ptr0 + 64, len12, true);
            dataView(memory0).setUint32(ptr0 + 60, ptr12, true);
          }
        }
        
        var encodeRes = _utf8AllocateAndEncode(v3_4, realloc0, memory0);
        var ptr15= encodeRes.ptr;
        var len15 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 72, len15, true);
        dataView(memory0).setUint32(ptr0 + 68, ptr15, true);
        
        var encodeRes = _utf8AllocateAndEncode(v3_5, realloc0, memory0);
        var ptr16= encodeRes.ptr;
        var len16 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 80, len16, true);
        dataView(memory0).setUint32(ptr0 + 76, ptr16, true);
        
        var encodeRes = _utf8AllocateAndEncode(v3_6, realloc0, memory0);
        var ptr17= encodeRes.ptr;
        var len17 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 88, len17, true);
        dataView(memory0).setUint32(ptr0 + 84, ptr17, true);
        var variant23 = v3_7;
        if (variant23 === null || variant23=== undefined) {
          dataView(memory0).setInt8(ptr0 + 92, 0, true);
        } else {
          const e = variant23;
          dataView(memory0).setInt8(ptr0 + 92, 1, true);
          var {providerId: v18_0, modelId: v18_1, variant: v18_2 } = e;
          
          var encodeRes = _utf8AllocateAndEncode(v18_0, realloc0, memory0);
          var ptr19= encodeRes.ptr;
          var len19 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 100, len19, true);
          dataView(memory0).setUint32(ptr0 + 96, ptr19, true);
          
          var encodeRes = _utf8AllocateAndEncode(v18_1, realloc0, memory0);
          var ptr20= encodeRes.ptr;
          var len20 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 108, len20, true);
          dataView(memory0).setUint32(ptr0 + 104, ptr20, true);
          var variant22 = v18_2;
          if (variant22 === null || variant22=== undefined) {
            dataView(memory0).setInt8(ptr0 + 112, 0, true);
          } else {
            const e = variant22;
            dataView(memory0).setInt8(ptr0 + 112, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr21= encodeRes.ptr;
            var len21 = encodeRes.len;
            
            dataView(memory0).setUint32(ptr0 + 120, len21, true);
            dataView(memory0).setUint32(ptr0 + 116, ptr21, true);
          }
        }
        var variant25 = v3_8;
        if (variant25 === null || variant25=== undefined) {
          dataView(memory0).setInt8(ptr0 + 124, 0, true);
        } else {
          const e = variant25;
          dataView(memory0).setInt8(ptr0 + 124, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr24= encodeRes.ptr;
          var len24 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 132, len24, true);
          dataView(memory0).setUint32(ptr0 + 128, ptr24, true);
        }
        var vec31 = v3_9;
        var len31 = vec31.length;
        var result31 = realloc0(0, 0, 4, len31 * 28);
        for (let i = 0; i < vec31.length; i++) {
          const e = vec31[i];
          const base = result31 + i * 28;var {providerId: v26_0, modelId: v26_1, variant: v26_2 } = e;
          
          var encodeRes = _utf8AllocateAndEncode(v26_0, realloc0, memory0);
          var ptr27= encodeRes.ptr;
          var len27 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 4, len27, true);
          dataView(memory0).setUint32(base + 0, ptr27, true);
          
          var encodeRes = _utf8AllocateAndEncode(v26_1, realloc0, memory0);
          var ptr28= encodeRes.ptr;
          var len28 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 12, len28, true);
          dataView(memory0).setUint32(base + 8, ptr28, true);
          var variant30 = v26_2;
          if (variant30 === null || variant30=== undefined) {
            dataView(memory0).setInt8(base + 16, 0, true);
          } else {
            const e = variant30;
            dataView(memory0).setInt8(base + 16, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr29= encodeRes.ptr;
            var len29 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 24, len29, true);
            dataView(memory0).setUint32(base + 20, ptr29, true);
          }
        }
        dataView(memory0).setUint32(ptr0 + 140, len31, true);
        dataView(memory0).setUint32(ptr0 + 136, result31, true);
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.launch"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.launch',
          paramCount: 1,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerLaunch(ptr0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant62;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            var ptr32 = dataView(memory0).getUint32(ret + 8, true);
            var len32 = dataView(memory0).getUint32(ret + 12, true);
            var result32 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr32, len32));
            var ptr33 = dataView(memory0).getUint32(ret + 16, true);
            var len33 = dataView(memory0).getUint32(ret + 20, true);
            var result33 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr33, len33));
            var ptr34 = dataView(memory0).getUint32(ret + 24, true);
            var len34 = dataView(memory0).getUint32(ret + 28, true);
            var result34 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr34, len34));
            let variant39;
            switch (dataView(memory0).getUint8(ret + 32, true)) {
              case 0: {
                variant39 = undefined;
                break;
              }
              case 1: {
                var ptr35 = dataView(memory0).getUint32(ret + 36, true);
                var len35 = dataView(memory0).getUint32(ret + 40, true);
                var result35 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr35, len35));
                var ptr36 = dataView(memory0).getUint32(ret + 44, true);
                var len36 = dataView(memory0).getUint32(ret + 48, true);
                var result36 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr36, len36));
                let variant38;
                switch (dataView(memory0).getUint8(ret + 52, true)) {
                  case 0: {
                    variant38 = undefined;
                    break;
                  }
                  case 1: {
                    var ptr37 = dataView(memory0).getUint32(ret + 56, true);
                    var len37 = dataView(memory0).getUint32(ret + 60, true);
                    var result37 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr37, len37));
                    variant38 = result37;
                    break;
                  }
                  default: {
                    throw new TypeError('invalid variant discriminant for option');
                  }
                }
                variant39 = {
                  providerId: result35,
                  modelId: result36,
                  variant: variant38,
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let enum40;
            switch (dataView(memory0).getUint8(ret + 64, true)) {
              case 0: {
                enum40 = 'pending';
                break;
              }
              case 1: {
                enum40 = 'running';
                break;
              }
              case 2: {
                enum40 = 'completed';
                break;
              }
              case 3: {
                enum40 = 'error';
                break;
              }
              case 4: {
                enum40 = 'cancelled';
                break;
              }
              case 5: {
                enum40 = 'interrupted';
                break;
              }
              default: {
                throw new TypeError('invalid discriminant specified for TaskStatus');
              }
            }
            var ptr41 = dataView(memory0).getUint32(ret + 68, true);
            var len41 = dataView(memory0).getUint32(ret + 72, true);
            var result41 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr41, len41));
            let variant43;
            switch (dataView(memory0).getUint8(ret + 76, true)) {
              case 0: {
                variant43 = undefined;
                break;
              }
              case 1: {
                var ptr42 = dataView(memory0).getUint32(ret + 80, true);
                var len42 = dataView(memory0).getUint32(ret + 84, true);
                var result42 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr42, len42));
                variant43 = result42;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant44;
            switch (dataView(memory0).getUint8(ret + 96, true)) {
              case 0: {
                variant44 = undefined;
                break;
              }
              case 1: {
                variant44 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 104, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant45;
            switch (dataView(memory0).getUint8(ret + 112, true)) {
              case 0: {
                variant45 = undefined;
                break;
              }
              case 1: {
                variant45 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 120, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant47;
            switch (dataView(memory0).getUint8(ret + 128, true)) {
              case 0: {
                variant47 = undefined;
                break;
              }
              case 1: {
                var ptr46 = dataView(memory0).getUint32(ret + 132, true);
                var len46 = dataView(memory0).getUint32(ret + 136, true);
                var result46 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr46, len46));
                variant47 = result46;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant49;
            switch (dataView(memory0).getUint8(ret + 140, true)) {
              case 0: {
                variant49 = undefined;
                break;
              }
              case 1: {
                var ptr48 = dataView(memory0).getUint32(ret + 144, true);
                var len48 = dataView(memory0).getUint32(ret + 148, true);
                var result48 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr48, len48));
                variant49 = result48;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant51;
            switch (dataView(memory0).getUint8(ret + 156, true)) {
              case 0: {
                variant51 = undefined;
                break;
              }
              case 1: {
                var ptr50 = dataView(memory0).getUint32(ret + 160, true);
                var len50 = dataView(memory0).getUint32(ret + 164, true);
                var result50 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr50, len50));
                variant51 = result50;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant52;
            switch (dataView(memory0).getUint8(ret + 168, true)) {
              case 0: {
                variant52 = undefined;
                break;
              }
              case 1: {
                variant52 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 176, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant54;
            switch (dataView(memory0).getUint8(ret + 184, true)) {
              case 0: {
                variant54 = undefined;
                break;
              }
              case 1: {
                var ptr53 = dataView(memory0).getUint32(ret + 188, true);
                var len53 = dataView(memory0).getUint32(ret + 192, true);
                var result53 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr53, len53));
                variant54 = result53;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            var ptr55 = dataView(memory0).getUint32(ret + 224, true);
            var len55 = dataView(memory0).getUint32(ret + 228, true);
            var result55 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr55, len55));
            variant62= {
              tag: 'ok',
              val: {
                id: result32,
                description: result33,
                agent: result34,
                model: variant39,
                status: enum40,
                parentSessionId: result41,
                sessionId: variant43,
                queuedAt: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 88, true))),
                startedAt: variant44,
                completedAt: variant45,
                error: variant47,
                result: variant49,
                progress: {
                  toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                  lastTool: variant51,
                  lastActivityAt: variant52,
                  lastMessage: variant54,
                  tokensIn: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 200, true))),
                  tokensOut: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 208, true))),
                  cost: dataView(memory0).getFloat64(ret + 216, true),
                },
                concurrencyKey: result55,
                attempts: dataView(memory0).getInt32(ret + 232, true) >>> 0,
                depth: dataView(memory0).getInt32(ret + 236, true) >>> 0,
              }
            };
            break;
          }
          case 1: {
            let variant61;
            switch (dataView(memory0).getUint8(ret + 8, true)) {
              case 0: {
                var ptr56 = dataView(memory0).getUint32(ret + 12, true);
                var len56 = dataView(memory0).getUint32(ret + 16, true);
                var result56 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr56, len56));
                variant61= {
                  tag: 'invalid',
                  val: result56
                };
                break;
              }
              case 1: {
                var ptr57 = dataView(memory0).getUint32(ret + 12, true);
                var len57 = dataView(memory0).getUint32(ret + 16, true);
                var result57 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr57, len57));
                variant61= {
                  tag: 'not-found',
                  val: result57
                };
                break;
              }
              case 2: {
                var ptr58 = dataView(memory0).getUint32(ret + 12, true);
                var len58 = dataView(memory0).getUint32(ret + 16, true);
                var result58 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr58, len58));
                variant61= {
                  tag: 'forbidden',
                  val: result58
                };
                break;
              }
              case 3: {
                var ptr59 = dataView(memory0).getUint32(ret + 12, true);
                var len59 = dataView(memory0).getUint32(ret + 16, true);
                var result59 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr59, len59));
                variant61= {
                  tag: 'limit',
                  val: result59
                };
                break;
              }
              case 4: {
                var ptr60 = dataView(memory0).getUint32(ret + 12, true);
                var len60 = dataView(memory0).getUint32(ret + 16, true);
                var result60 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr60, len60));
                variant61= {
                  tag: 'conflict',
                  val: result60
                };
                break;
              }
              case 5: {
                variant61= {
                  tag: 'shutting-down',
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for RequestError');
              }
            }
            variant62= {
              tag: 'err',
              val: variant61
            };
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for expected');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.launch"][Instruction::Return]', {
          funcName: '[method]manager.launch',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        const retCopy = variant62;
        task.resolve([retCopy.val]);
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn1(ret);
        cstate.mayLeave = true;
        task.exit();
        
        
        
        if (typeof retCopy === 'object' && retCopy.tag === 'err') {
          throw new ComponentError(retCopy.val);
        }
        return retCopy.val;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerCancel;

Manager.prototype.cancel = function cancel(arg1, arg2, arg3) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerCancel',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'throw-result-err',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg2, realloc0, memory0);
        var ptr3= encodeRes.ptr;
        var len3 = encodeRes.len;
        
        var {abortSession: v4_0, notifyParent: v4_1 } = arg3;
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.cancel"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.cancel',
          paramCount: 7,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerCancel(handle0, ptr2, len2, ptr3, len3, v4_0 ? 1 : 0, v4_1 ? 1 : 0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant35;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            var ptr5 = dataView(memory0).getUint32(ret + 8, true);
            var len5 = dataView(memory0).getUint32(ret + 12, true);
            var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
            var ptr6 = dataView(memory0).getUint32(ret + 16, true);
            var len6 = dataView(memory0).getUint32(ret + 20, true);
            var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
            var ptr7 = dataView(memory0).getUint32(ret + 24, true);
            var len7 = dataView(memory0).getUint32(ret + 28, true);
            var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
            let variant12;
            switch (dataView(memory0).getUint8(ret + 32, true)) {
              case 0: {
                variant12 = undefined;
                break;
              }
              case 1: {
                var ptr8 = dataView(memory0).getUint32(ret + 36, true);
                var len8 = dataView(memory0).getUint32(ret + 40, true);
                var result8 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr8, len8));
                var ptr9 = dataView(memory0).getUint32(ret + 44, true);
                var len9 = dataView(memory0).getUint32(ret + 48, true);
                var result9 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr9, len9));
                let variant11;
                switch (dataView(memory0).getUint8(ret + 52, true)) {
                  case 0: {
                    variant11 = undefined;
                    break;
                  }
                  case 1: {
                    var ptr10 = dataView(memory0).getUint32(ret + 56, true);
                    var len10 = dataView(memory0).getUint32(ret + 60, true);
                    var result10 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr10, len10));
                    variant11 = result10;
                    break;
                  }
                  default: {
                    throw new TypeError('invalid variant discriminant for option');
                  }
                }
                variant12 = {
                  providerId: result8,
                  modelId: result9,
                  variant: variant11,
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let enum13;
            switch (dataView(memory0).getUint8(ret + 64, true)) {
              case 0: {
                enum13 = 'pending';
                break;
              }
              case 1: {
                enum13 = 'running';
                break;
              }
              case 2: {
                enum13 = 'completed';
                break;
              }
              case 3: {
                enum13 = 'error';
                break;
              }
              case 4: {
                enum13 = 'cancelled';
                break;
              }
              case 5: {
                enum13 = 'interrupted';
                break;
              }
              default: {
                throw new TypeError('invalid discriminant specified for TaskStatus');
              }
            }
            var ptr14 = dataView(memory0).getUint32(ret + 68, true);
            var len14 = dataView(memory0).getUint32(ret + 72, true);
            var result14 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr14, len14));
            let variant16;
            switch (dataView(memory0).getUint8(ret + 76, true)) {
              case 0: {
                variant16 = undefined;
                break;
              }
              case 1: {
                var ptr15 = dataView(memory0).getUint32(ret + 80, true);
                var len15 = dataView(memory0).getUint32(ret + 84, true);
                var result15 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr15, len15));
                variant16 = result15;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant17;
            switch (dataView(memory0).getUint8(ret + 96, true)) {
              case 0: {
                variant17 = undefined;
                break;
              }
              case 1: {
                variant17 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 104, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant18;
            switch (dataView(memory0).getUint8(ret + 112, true)) {
              case 0: {
                variant18 = undefined;
                break;
              }
              case 1: {
                variant18 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 120, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant20;
            switch (dataView(memory0).getUint8(ret + 128, true)) {
              case 0: {
                variant20 = undefined;
                break;
              }
              case 1: {
                var ptr19 = dataView(memory0).getUint32(ret + 132, true);
                var len19 = dataView(memory0).getUint32(ret + 136, true);
                var result19 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr19, len19));
                variant20 = result19;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant22;
            switch (dataView(memory0).getUint8(ret + 140, true)) {
              case 0: {
                variant22 = undefined;
                break;
              }
              case 1: {
                var ptr21 = dataView(memory0).getUint32(ret + 144, true);
                var len21 = dataView(memory0).getUint32(ret + 148, true);
                var result21 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr21, len21));
                variant22 = result21;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant24;
            switch (dataView(memory0).getUint8(ret + 156, true)) {
              case 0: {
                variant24 = undefined;
                break;
              }
              case 1: {
                var ptr23 = dataView(memory0).getUint32(ret + 160, true);
                var len23 = dataView(memory0).getUint32(ret + 164, true);
                var result23 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr23, len23));
                variant24 = result23;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant25;
            switch (dataView(memory0).getUint8(ret + 168, true)) {
              case 0: {
                variant25 = undefined;
                break;
              }
              case 1: {
                variant25 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 176, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant27;
            switch (dataView(memory0).getUint8(ret + 184, true)) {
              case 0: {
                variant27 = undefined;
                break;
              }
              case 1: {
                var ptr26 = dataView(memory0).getUint32(ret + 188, true);
                var len26 = dataView(memory0).getUint32(ret + 192, true);
                var result26 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr26, len26));
                variant27 = result26;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            var ptr28 = dataView(memory0).getUint32(ret + 224, true);
            var len28 = dataView(memory0).getUint32(ret + 228, true);
            var result28 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr28, len28));
            variant35= {
              tag: 'ok',
              val: {
                id: result5,
                description: result6,
                agent: result7,
                model: variant12,
                status: enum13,
                parentSessionId: result14,
                sessionId: variant16,
                queuedAt: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 88, true))),
                startedAt: variant17,
                completedAt: variant18,
                error: variant20,
                result: variant22,
                progress: {
                  toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                  lastTool: variant24,
                  lastActivityAt: variant25,
                  lastMessage: variant27,
                  tokensIn: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 200, true))),
                  tokensOut: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 208, true))),
                  cost: dataView(memory0).getFloat64(ret + 216, true),
                },
                concurrencyKey: result28,
                attempts: dataView(memory0).getInt32(ret + 232, true) >>> 0,
                depth: dataView(memory0).getInt32(ret + 236, true) >>> 0,
              }
            };
            break;
          }
          case 1: {
            let variant34;
            switch (dataView(memory0).getUint8(ret + 8, true)) {
              case 0: {
                var ptr29 = dataView(memory0).getUint32(ret + 12, true);
                var len29 = dataView(memory0).getUint32(ret + 16, true);
                var result29 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr29, len29));
                variant34= {
                  tag: 'invalid',
                  val: result29
                };
                break;
              }
              case 1: {
                var ptr30 = dataView(memory0).getUint32(ret + 12, true);
                var len30 = dataView(memory0).getUint32(ret + 16, true);
                var result30 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr30, len30));
                variant34= {
                  tag: 'not-found',
                  val: result30
                };
                break;
              }
              case 2: {
                var ptr31 = dataView(memory0).getUint32(ret + 12, true);
                var len31 = dataView(memory0).getUint32(ret + 16, true);
                var result31 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr31, len31));
                variant34= {
                  tag: 'forbidden',
                  val: result31
                };
                break;
              }
              case 3: {
                var ptr32 = dataView(memory0).getUint32(ret + 12, true);
                var len32 = dataView(memory0).getUint32(ret + 16, true);
                var result32 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr32, len32));
                variant34= {
                  tag: 'limit',
                  val: result32
                };
                break;
              }
              case 4: {
                var ptr33 = dataView(memory0).getUint32(ret + 12, true);
                var len33 = dataView(memory0).getUint32(ret + 16, true);
                var result33 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr33, len33));
                variant34= {
                  tag: 'conflict',
                  val: result33
                };
                break;
              }
              case 5: {
                variant34= {
                  tag: 'shutting-down',
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for RequestError');
              }
            }
            variant35= {
              tag: 'err',
              val: variant34
            };
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for expected');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.cancel"][Instruction::Return]', {
          funcName: '[method]manager.cancel',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        const retCopy = variant35;
        task.resolve([retCopy.val]);
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn1(ret);
        cstate.mayLeave = true;
        task.exit();
        
        
        
        if (typeof retCopy === 'object' && retCopy.tag === 'err') {
          throw new ComponentError(retCopy.val);
        }
        return retCopy.val;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerCancelAll;

Manager.prototype.cancelAll = function cancelAll(arg1, arg2) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerCancelAll',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        var {abortSession: v3_0, notifyParent: v3_1 } = arg2;
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.cancel-all"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.cancel-all',
          paramCount: 5,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerCancelAll(handle0, ptr2, len2, v3_0 ? 1 : 0, v3_1 ? 1 : 0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        var len28 = dataView(memory0).getUint32(ret + 4, true);
        var base28 = dataView(memory0).getUint32(ret + 0, true);
        if (base28 % 8 !== 0) throw new TypeError(`list pointer [${base28}] is not aligned to 8`);
        var result28 = [];
        for (let i = 0; i < len28; i++) {
          const base = base28 + i * 232;
          var ptr4 = dataView(memory0).getUint32(base + 0, true);
          var len4 = dataView(memory0).getUint32(base + 4, true);
          var result4 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr4, len4));
          var ptr5 = dataView(memory0).getUint32(base + 8, true);
          var len5 = dataView(memory0).getUint32(base + 12, true);
          var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
          var ptr6 = dataView(memory0).getUint32(base + 16, true);
          var len6 = dataView(memory0).getUint32(base + 20, true);
          var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
          let variant11;
          switch (dataView(memory0).getUint8(base + 24, true)) {
            case 0: {
              variant11 = undefined;
              break;
            }
            case 1: {
              var ptr7 = dataView(memory0).getUint32(base + 28, true);
              var len7 = dataView(memory0).getUint32(base + 32, true);
              var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
              var ptr8 = dataView(memory0).getUint32(base + 36, true);
              var len8 = dataView(memory0).getUint32(base + 40, true);
              var result8 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr8, len8));
              let variant10;
              switch (dataView(memory0).getUint8(base + 44, true)) {
                case 0: {
                  variant10 = undefined;
                  break;
                }
                case 1: {
                  var ptr9 = dataView(memory0).getUint32(base + 48, true);
                  var len9 = dataView(memory0).getUint32(base + 52, true);
                  var result9 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr9, len9));
                  variant10 = result9;
                  break;
                }
                default: {
                  throw new TypeError('invalid variant discriminant for option');
                }
              }
              variant11 = {
                providerId: result7,
                modelId: result8,
                variant: variant10,
              };
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let enum12;
          switch (dataView(memory0).getUint8(base + 56, true)) {
            case 0: {
              enum12 = 'pending';
              break;
            }
            case 1: {
              enum12 = 'running';
              break;
            }
            case 2: {
              enum12 = 'completed';
              break;
            }
            case 3: {
              enum12 = 'error';
              break;
            }
            case 4: {
              enum12 = 'cancelled';
              break;
            }
            case 5: {
              enum12 = 'interrupted';
              break;
            }
            default: {
              throw new TypeError('invalid discriminant specified for TaskStatus');
            }
          }
          var ptr13 = dataView(memory0).getUint32(base + 60, true);
          var len13 = dataView(memory0).getUint32(base + 64, true);
          var result13 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr13, len13));
          let variant15;
          switch (dataView(memory0).getUint8(base + 68, true)) {
            case 0: {
              variant15 = undefined;
              break;
            }
            case 1: {
              var ptr14 = dataView(memory0).getUint32(base + 72, true);
              var len14 = dataView(memory0).getUint32(base + 76, true);
              var result14 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr14, len14));
              variant15 = result14;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant16;
          switch (dataView(memory0).getUint8(base + 88, true)) {
            case 0: {
              variant16 = undefined;
              break;
            }
            case 1: {
              variant16 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 96, true)));
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant17;
          switch (dataView(memory0).getUint8(base + 104, true)) {
            case 0: {
              variant17 = undefined;
              break;
            }
            case 1: {
              variant17 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 112, true)));
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant19;
          switch (dataView(memory0).getUint8(base + 120, true)) {
            case 0: {
              variant19 = undefined;
              break;
            }
            case 1: {
              var ptr18 = dataView(memory0).getUint32(base + 124, true);
              var len18 = dataView(memory0).getUint32(base + 128, true);
              var result18 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr18, len18));
              variant19 = result18;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant21;
          switch (dataView(memory0).getUint8(base + 132, true)) {
            case 0: {
              variant21 = undefined;
              break;
            }
            case 1: {
              var ptr20 = dataView(memory0).getUint32(base + 136, true);
              var len20 = dataView(memory0).getUint32(base + 140, true);
              var result20 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr20, len20));
              variant21 = result20;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant23;
          switch (dataView(memory0).getUint8(base + 148, true)) {
            case 0: {
              variant23 = undefined;
              break;
            }
            case 1: {
              var ptr22 = dataView(memory0).getUint32(base + 152, true);
              var len22 = dataView(memory0).getUint32(base + 156, true);
              var result22 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr22, len22));
              variant23 = result22;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant24;
          switch (dataView(memory0).getUint8(base + 160, true)) {
            case 0: {
              variant24 = undefined;
              break;
            }
            case 1: {
              variant24 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 168, true)));
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant26;
          switch (dataView(memory0).getUint8(base + 176, true)) {
            case 0: {
              variant26 = undefined;
              break;
            }
            case 1: {
              var ptr25 = dataView(memory0).getUint32(base + 180, true);
              var len25 = dataView(memory0).getUint32(base + 184, true);
              var result25 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr25, len25));
              variant26 = result25;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var ptr27 = dataView(memory0).getUint32(base + 216, true);
          var len27 = dataView(memory0).getUint32(base + 220, true);
          var result27 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr27, len27));
          result28.push({
            id: result4,
            description: result5,
            agent: result6,
            model: variant11,
            status: enum12,
            parentSessionId: result13,
            sessionId: variant15,
            queuedAt: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 80, true))),
            startedAt: variant16,
            completedAt: variant17,
            error: variant19,
            result: variant21,
            progress: {
              toolCalls: dataView(memory0).getInt32(base + 144, true) >>> 0,
              lastTool: variant23,
              lastActivityAt: variant24,
              lastMessage: variant26,
              tokensIn: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 192, true))),
              tokensOut: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 200, true))),
              cost: dataView(memory0).getFloat64(base + 208, true),
            },
            concurrencyKey: result27,
            attempts: dataView(memory0).getInt32(base + 224, true) >>> 0,
            depth: dataView(memory0).getInt32(base + 228, true) >>> 0,
          });
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.cancel-all"][Instruction::Return]', {
          funcName: '[method]manager.cancel-all',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([result28]);
        const retCopy = result28;
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn2(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerHandleEvent;

Manager.prototype.handleEvent = function handleEvent(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerHandleEvent',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        var variant10 = arg1;
        let variant10_0;
        let variant10_1;
        let variant10_2;
        let variant10_3;
        let variant10_4;
        let variant10_5;
        let variant10_6;
        switch (variant10.tag) {
          case 'part-delta': {
            const e = variant10.val;
            var {sessionId: v2_0, messageId: v2_1, partId: v2_2 } = e;
            
            var encodeRes = _utf8AllocateAndEncode(v2_0, realloc0, memory0);
            var ptr3= encodeRes.ptr;
            var len3 = encodeRes.len;
            
            
            var encodeRes = _utf8AllocateAndEncode(v2_1, realloc0, memory0);
            var ptr4= encodeRes.ptr;
            var len4 = encodeRes.len;
            
            
            var encodeRes = _utf8AllocateAndEncode(v2_2, realloc0, memory0);
            var ptr5= encodeRes.ptr;
            var len5 = encodeRes.len;
            
            variant10_0 = 0;
            variant10_1 = ptr3;
            variant10_2 = len3;
            variant10_3 = ptr4;
            variant10_4 = len4;
            variant10_5 = ptr5;
            variant10_6 = len5;
            break;
          }
          case 'session': {
            const e = variant10.val;
            var {eventType: v6_0, sessionId: v6_1, properties: v6_2 } = e;
            
            var encodeRes = _utf8AllocateAndEncode(v6_0, realloc0, memory0);
            var ptr7= encodeRes.ptr;
            var len7 = encodeRes.len;
            
            
            var encodeRes = _utf8AllocateAndEncode(v6_1, realloc0, memory0);
            var ptr8= encodeRes.ptr;
            var len8 = encodeRes.len;
            
            
            var encodeRes = _utf8AllocateAndEncode(v6_2, realloc0, memory0);
            var ptr9= encodeRes.ptr;
            var len9 = encodeRes.len;
            
            variant10_0 = 1;
            variant10_1 = ptr7;
            variant10_2 = len7;
            variant10_3 = ptr8;
            variant10_4 = len8;
            variant10_5 = ptr9;
            variant10_6 = len9;
            break;
          }
          default: {
            throw new TypeError(`invalid variant tag value \`${JSON.stringify(variant10.tag)}\` (received \`${variant10}\`) specified for \`Event\``);
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.handle-event"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.handle-event',
          paramCount: 8,
          async: false,
          postReturn: false,
        });
        
        let ret;
        
        try {
          _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerHandleEvent(handle0, variant10_0, variant10_1, variant10_2, variant10_3, variant10_4, variant10_5, variant10_6),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.handle-event"][Instruction::Return]', {
          funcName: '[method]manager.handle-event',
          paramCount: 0,
          async: false,
          postReturn: false
        });
        task.resolve([ret]);
        task.exit();
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerComplete;

Manager.prototype.complete = function complete(arg1, arg2) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerComplete',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        var variant7 = arg2;
        let variant7_0;
        let variant7_1;
        let variant7_2;
        let variant7_3;
        let variant7_4;
        let variant7_5;
        let variant7_6;
        switch (variant7.tag) {
          case 'ok': {
            const e = variant7.val;
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr2= encodeRes.ptr;
            var len2 = encodeRes.len;
            
            variant7_0 = 0;
            variant7_1 = ptr2;
            variant7_2 = len2;
            variant7_3 = 0;
            variant7_4 = 0;
            variant7_5 = 0;
            variant7_6 = 0;
            
            break;
          }
          case 'err': {
            const e = variant7.val;
            var {status: v3_0, name: v3_1, message: v3_2 } = e;
            var variant4 = v3_0;
            let variant4_0;
            let variant4_1;
            if (variant4 === null || variant4=== undefined) {
              variant4_0 = 0;
              variant4_1 = 0;
            } else {
              const e = variant4;
              variant4_0 = 1;
              variant4_1 = toUint16(e);
            }
            
            var encodeRes = _utf8AllocateAndEncode(v3_1, realloc0, memory0);
            var ptr5= encodeRes.ptr;
            var len5 = encodeRes.len;
            
            
            var encodeRes = _utf8AllocateAndEncode(v3_2, realloc0, memory0);
            var ptr6= encodeRes.ptr;
            var len6 = encodeRes.len;
            
            variant7_0 = 1;
            variant7_1 = variant4_0;
            variant7_2 = variant4_1;
            variant7_3 = ptr5;
            variant7_4 = len5;
            variant7_5 = ptr6;
            variant7_6 = len6;
            
            break;
          }
          default: {
            _debugLog("ERROR: invalid value (expected result as object with 'tag' member)", { value: variant7, valueType: typeof variant7});
            throw new TypeError('invalid variant specified for result');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.complete"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.complete',
          paramCount: 9,
          async: false,
          postReturn: false,
        });
        
        let ret;
        
        try {
          _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerComplete(handle0, toUint64(arg1), variant7_0, variant7_1, variant7_2, variant7_3, variant7_4, variant7_5, variant7_6),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.complete"][Instruction::Return]', {
          funcName: '[method]manager.complete',
          paramCount: 0,
          async: false,
          postReturn: false
        });
        task.resolve([ret]);
        task.exit();
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerOnTimer;

Manager.prototype.onTimer = function onTimer() {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerOnTimer',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (null!== null) {
    task.setReturnMemoryIdx(null);
    task.setReturnMemory((() => null)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.on-timer"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.on-timer',
          paramCount: 1,
          async: false,
          postReturn: false,
        });
        
        let ret;
        
        try {
          _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerOnTimer(handle0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.on-timer"][Instruction::Return]', {
          funcName: '[method]manager.on-timer',
          paramCount: 0,
          async: false,
          postReturn: false
        });
        task.resolve([ret]);
        task.exit();
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerGet;

Manager.prototype.get = function get(arg1, arg2) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerGet',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'throw-result-err',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg2, realloc0, memory0);
        var ptr3= encodeRes.ptr;
        var len3 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.get"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.get',
          paramCount: 5,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerGet(handle0, ptr2, len2, ptr3, len3),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant34;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            var ptr4 = dataView(memory0).getUint32(ret + 8, true);
            var len4 = dataView(memory0).getUint32(ret + 12, true);
            var result4 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr4, len4));
            var ptr5 = dataView(memory0).getUint32(ret + 16, true);
            var len5 = dataView(memory0).getUint32(ret + 20, true);
            var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
            var ptr6 = dataView(memory0).getUint32(ret + 24, true);
            var len6 = dataView(memory0).getUint32(ret + 28, true);
            var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
            let variant11;
            switch (dataView(memory0).getUint8(ret + 32, true)) {
              case 0: {
                variant11 = undefined;
                break;
              }
              case 1: {
                var ptr7 = dataView(memory0).getUint32(ret + 36, true);
                var len7 = dataView(memory0).getUint32(ret + 40, true);
                var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
                var ptr8 = dataView(memory0).getUint32(ret + 44, true);
                var len8 = dataView(memory0).getUint32(ret + 48, true);
                var result8 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr8, len8));
                let variant10;
                switch (dataView(memory0).getUint8(ret + 52, true)) {
                  case 0: {
                    variant10 = undefined;
                    break;
                  }
                  case 1: {
                    var ptr9 = dataView(memory0).getUint32(ret + 56, true);
                    var len9 = dataView(memory0).getUint32(ret + 60, true);
                    var result9 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr9, len9));
                    variant10 = result9;
                    break;
                  }
                  default: {
                    throw new TypeError('invalid variant discriminant for option');
                  }
                }
                variant11 = {
                  providerId: result7,
                  modelId: result8,
                  variant: variant10,
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let enum12;
            switch (dataView(memory0).getUint8(ret + 64, true)) {
              case 0: {
                enum12 = 'pending';
                break;
              }
              case 1: {
                enum12 = 'running';
                break;
              }
              case 2: {
                enum12 = 'completed';
                break;
              }
              case 3: {
                enum12 = 'error';
                break;
              }
              case 4: {
                enum12 = 'cancelled';
                break;
              }
              case 5: {
                enum12 = 'interrupted';
                break;
              }
              default: {
                throw new TypeError('invalid discriminant specified for TaskStatus');
              }
            }
            var ptr13 = dataView(memory0).getUint32(ret + 68, true);
            var len13 = dataView(memory0).getUint32(ret + 72, true);
            var result13 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr13, len13));
            let variant15;
            switch (dataView(memory0).getUint8(ret + 76, true)) {
              case 0: {
                variant15 = undefined;
                break;
              }
              case 1: {
                var ptr14 = dataView(memory0).getUint32(ret + 80, true);
                var len14 = dataView(memory0).getUint32(ret + 84, true);
                var result14 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr14, len14));
                variant15 = result14;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant16;
            switch (dataView(memory0).getUint8(ret + 96, true)) {
              case 0: {
                variant16 = undefined;
                break;
              }
              case 1: {
                variant16 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 104, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant17;
            switch (dataView(memory0).getUint8(ret + 112, true)) {
              case 0: {
                variant17 = undefined;
                break;
              }
              case 1: {
                variant17 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 120, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant19;
            switch (dataView(memory0).getUint8(ret + 128, true)) {
              case 0: {
                variant19 = undefined;
                break;
              }
              case 1: {
                var ptr18 = dataView(memory0).getUint32(ret + 132, true);
                var len18 = dataView(memory0).getUint32(ret + 136, true);
                var result18 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr18, len18));
                variant19 = result18;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant21;
            switch (dataView(memory0).getUint8(ret + 140, true)) {
              case 0: {
                variant21 = undefined;
                break;
              }
              case 1: {
                var ptr20 = dataView(memory0).getUint32(ret + 144, true);
                var len20 = dataView(memory0).getUint32(ret + 148, true);
                var result20 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr20, len20));
                variant21 = result20;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant23;
            switch (dataView(memory0).getUint8(ret + 156, true)) {
              case 0: {
                variant23 = undefined;
                break;
              }
              case 1: {
                var ptr22 = dataView(memory0).getUint32(ret + 160, true);
                var len22 = dataView(memory0).getUint32(ret + 164, true);
                var result22 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr22, len22));
                variant23 = result22;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant24;
            switch (dataView(memory0).getUint8(ret + 168, true)) {
              case 0: {
                variant24 = undefined;
                break;
              }
              case 1: {
                variant24 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 176, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant26;
            switch (dataView(memory0).getUint8(ret + 184, true)) {
              case 0: {
                variant26 = undefined;
                break;
              }
              case 1: {
                var ptr25 = dataView(memory0).getUint32(ret + 188, true);
                var len25 = dataView(memory0).getUint32(ret + 192, true);
                var result25 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr25, len25));
                variant26 = result25;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            var ptr27 = dataView(memory0).getUint32(ret + 224, true);
            var len27 = dataView(memory0).getUint32(ret + 228, true);
            var result27 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr27, len27));
            variant34= {
              tag: 'ok',
              val: {
                id: result4,
                description: result5,
                agent: result6,
                model: variant11,
                status: enum12,
                parentSessionId: result13,
                sessionId: variant15,
                queuedAt: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 88, true))),
                startedAt: variant16,
                completedAt: variant17,
                error: variant19,
                result: variant21,
                progress: {
                  toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                  lastTool: variant23,
                  lastActivityAt: variant24,
                  lastMessage: variant26,
                  tokensIn: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 200, true))),
                  tokensOut: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 208, true))),
                  cost: dataView(memory0).getFloat64(ret + 216, true),
                },
                concurrencyKey: result27,
                attempts: dataView(memory0).getInt32(ret + 232, true) >>> 0,
                depth: dataView(memory0).getInt32(ret + 236, true) >>> 0,
              }
            };
            break;
          }
          case 1: {
            let variant33;
            switch (dataView(memory0).getUint8(ret + 8, true)) {
              case 0: {
                var ptr28 = dataView(memory0).getUint32(ret + 12, true);
                var len28 = dataView(memory0).getUint32(ret + 16, true);
                var result28 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr28, len28));
                variant33= {
                  tag: 'invalid',
                  val: result28
                };
                break;
              }
              case 1: {
                var ptr29 = dataView(memory0).getUint32(ret + 12, true);
                var len29 = dataView(memory0).getUint32(ret + 16, true);
                var result29 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr29, len29));
                variant33= {
                  tag: 'not-found',
                  val: result29
                };
                break;
              }
              case 2: {
                var ptr30 = dataView(memory0).getUint32(ret + 12, true);
                var len30 = dataView(memory0).getUint32(ret + 16, true);
                var result30 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr30, len30));
                variant33= {
                  tag: 'forbidden',
                  val: result30
                };
                break;
              }
              case 3: {
                var ptr31 = dataView(memory0).getUint32(ret + 12, true);
                var len31 = dataView(memory0).getUint32(ret + 16, true);
                var result31 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr31, len31));
                variant33= {
                  tag: 'limit',
                  val: result31
                };
                break;
              }
              case 4: {
                var ptr32 = dataView(memory0).getUint32(ret + 12, true);
                var len32 = dataView(memory0).getUint32(ret + 16, true);
                var result32 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr32, len32));
                variant33= {
                  tag: 'conflict',
                  val: result32
                };
                break;
              }
              case 5: {
                variant33= {
                  tag: 'shutting-down',
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for RequestError');
              }
            }
            variant34= {
              tag: 'err',
              val: variant33
            };
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for expected');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.get"][Instruction::Return]', {
          funcName: '[method]manager.get',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        const retCopy = variant34;
        task.resolve([retCopy.val]);
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn1(ret);
        cstate.mayLeave = true;
        task.exit();
        
        
        
        if (typeof retCopy === 'object' && retCopy.tag === 'err') {
          throw new ComponentError(retCopy.val);
        }
        return retCopy.val;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerGetBySession;

Manager.prototype.getBySession = function getBySession(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerGetBySession',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.get-by-session"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.get-by-session',
          paramCount: 3,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerGetBySession(handle0, ptr2, len2),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant27;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            variant27 = undefined;
            break;
          }
          case 1: {
            var ptr3 = dataView(memory0).getUint32(ret + 8, true);
            var len3 = dataView(memory0).getUint32(ret + 12, true);
            var result3 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr3, len3));
            var ptr4 = dataView(memory0).getUint32(ret + 16, true);
            var len4 = dataView(memory0).getUint32(ret + 20, true);
            var result4 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr4, len4));
            var ptr5 = dataView(memory0).getUint32(ret + 24, true);
            var len5 = dataView(memory0).getUint32(ret + 28, true);
            var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
            let variant10;
            switch (dataView(memory0).getUint8(ret + 32, true)) {
              case 0: {
                variant10 = undefined;
                break;
              }
              case 1: {
                var ptr6 = dataView(memory0).getUint32(ret + 36, true);
                var len6 = dataView(memory0).getUint32(ret + 40, true);
                var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
                var ptr7 = dataView(memory0).getUint32(ret + 44, true);
                var len7 = dataView(memory0).getUint32(ret + 48, true);
                var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
                let variant9;
                switch (dataView(memory0).getUint8(ret + 52, true)) {
                  case 0: {
                    variant9 = undefined;
                    break;
                  }
                  case 1: {
                    var ptr8 = dataView(memory0).getUint32(ret + 56, true);
                    var len8 = dataView(memory0).getUint32(ret + 60, true);
                    var result8 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr8, len8));
                    variant9 = result8;
                    break;
                  }
                  default: {
                    throw new TypeError('invalid variant discriminant for option');
                  }
                }
                variant10 = {
                  providerId: result6,
                  modelId: result7,
                  variant: variant9,
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let enum11;
            switch (dataView(memory0).getUint8(ret + 64, true)) {
              case 0: {
                enum11 = 'pending';
                break;
              }
              case 1: {
                enum11 = 'running';
                break;
              }
              case 2: {
                enum11 = 'completed';
                break;
              }
              case 3: {
                enum11 = 'error';
                break;
              }
              case 4: {
                enum11 = 'cancelled';
                break;
              }
              case 5: {
                enum11 = 'interrupted';
                break;
              }
              default: {
                throw new TypeError('invalid discriminant specified for TaskStatus');
              }
            }
            var ptr12 = dataView(memory0).getUint32(ret + 68, true);
            var len12 = dataView(memory0).getUint32(ret + 72, true);
            var result12 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr12, len12));
            let variant14;
            switch (dataView(memory0).getUint8(ret + 76, true)) {
              case 0: {
                variant14 = undefined;
                break;
              }
              case 1: {
                var ptr13 = dataView(memory0).getUint32(ret + 80, true);
                var len13 = dataView(memory0).getUint32(ret + 84, true);
                var result13 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr13, len13));
                variant14 = result13;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant15;
            switch (dataView(memory0).getUint8(ret + 96, true)) {
              case 0: {
                variant15 = undefined;
                break;
              }
              case 1: {
                variant15 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 104, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant16;
            switch (dataView(memory0).getUint8(ret + 112, true)) {
              case 0: {
                variant16 = undefined;
                break;
              }
              case 1: {
                variant16 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 120, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant18;
            switch (dataView(memory0).getUint8(ret + 128, true)) {
              case 0: {
                variant18 = undefined;
                break;
              }
              case 1: {
                var ptr17 = dataView(memory0).getUint32(ret + 132, true);
                var len17 = dataView(memory0).getUint32(ret + 136, true);
                var result17 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr17, len17));
                variant18 = result17;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant20;
            switch (dataView(memory0).getUint8(ret + 140, true)) {
              case 0: {
                variant20 = undefined;
                break;
              }
              case 1: {
                var ptr19 = dataView(memory0).getUint32(ret + 144, true);
                var len19 = dataView(memory0).getUint32(ret + 148, true);
                var result19 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr19, len19));
                variant20 = result19;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant22;
            switch (dataView(memory0).getUint8(ret + 156, true)) {
              case 0: {
                variant22 = undefined;
                break;
              }
              case 1: {
                var ptr21 = dataView(memory0).getUint32(ret + 160, true);
                var len21 = dataView(memory0).getUint32(ret + 164, true);
                var result21 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr21, len21));
                variant22 = result21;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant23;
            switch (dataView(memory0).getUint8(ret + 168, true)) {
              case 0: {
                variant23 = undefined;
                break;
              }
              case 1: {
                variant23 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 176, true)));
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant25;
            switch (dataView(memory0).getUint8(ret + 184, true)) {
              case 0: {
                variant25 = undefined;
                break;
              }
              case 1: {
                var ptr24 = dataView(memory0).getUint32(ret + 188, true);
                var len24 = dataView(memory0).getUint32(ret + 192, true);
                var result24 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr24, len24));
                variant25 = result24;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            var ptr26 = dataView(memory0).getUint32(ret + 224, true);
            var len26 = dataView(memory0).getUint32(ret + 228, true);
            var result26 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr26, len26));
            variant27 = {
              id: result3,
              description: result4,
              agent: result5,
              model: variant10,
              status: enum11,
              parentSessionId: result12,
              sessionId: variant14,
              queuedAt: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 88, true))),
              startedAt: variant15,
              completedAt: variant16,
              error: variant18,
              result: variant20,
              progress: {
                toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                lastTool: variant22,
                lastActivityAt: variant23,
                lastMessage: variant25,
                tokensIn: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 200, true))),
                tokensOut: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(ret + 208, true))),
                cost: dataView(memory0).getFloat64(ret + 216, true),
              },
              concurrencyKey: result26,
              attempts: dataView(memory0).getInt32(ret + 232, true) >>> 0,
              depth: dataView(memory0).getInt32(ret + 236, true) >>> 0,
            };
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.get-by-session"][Instruction::Return]', {
          funcName: '[method]manager.get-by-session',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([variant27]);
        const retCopy = variant27;
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn3(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerList;

Manager.prototype.list = function list(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerList',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.list"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.list',
          paramCount: 3,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerList(handle0, ptr2, len2),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        var len27 = dataView(memory0).getUint32(ret + 4, true);
        var base27 = dataView(memory0).getUint32(ret + 0, true);
        if (base27 % 8 !== 0) throw new TypeError(`list pointer [${base27}] is not aligned to 8`);
        var result27 = [];
        for (let i = 0; i < len27; i++) {
          const base = base27 + i * 232;
          var ptr3 = dataView(memory0).getUint32(base + 0, true);
          var len3 = dataView(memory0).getUint32(base + 4, true);
          var result3 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr3, len3));
          var ptr4 = dataView(memory0).getUint32(base + 8, true);
          var len4 = dataView(memory0).getUint32(base + 12, true);
          var result4 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr4, len4));
          var ptr5 = dataView(memory0).getUint32(base + 16, true);
          var len5 = dataView(memory0).getUint32(base + 20, true);
          var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
          let variant10;
          switch (dataView(memory0).getUint8(base + 24, true)) {
            case 0: {
              variant10 = undefined;
              break;
            }
            case 1: {
              var ptr6 = dataView(memory0).getUint32(base + 28, true);
              var len6 = dataView(memory0).getUint32(base + 32, true);
              var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
              var ptr7 = dataView(memory0).getUint32(base + 36, true);
              var len7 = dataView(memory0).getUint32(base + 40, true);
              var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
              let variant9;
              switch (dataView(memory0).getUint8(base + 44, true)) {
                case 0: {
                  variant9 = undefined;
                  break;
                }
                case 1: {
                  var ptr8 = dataView(memory0).getUint32(base + 48, true);
                  var len8 = dataView(memory0).getUint32(base + 52, true);
                  var result8 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr8, len8));
                  variant9 = result8;
                  break;
                }
                default: {
                  throw new TypeError('invalid variant discriminant for option');
                }
              }
              variant10 = {
                providerId: result6,
                modelId: result7,
                variant: variant9,
              };
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let enum11;
          switch (dataView(memory0).getUint8(base + 56, true)) {
            case 0: {
              enum11 = 'pending';
              break;
            }
            case 1: {
              enum11 = 'running';
              break;
            }
            case 2: {
              enum11 = 'completed';
              break;
            }
            case 3: {
              enum11 = 'error';
              break;
            }
            case 4: {
              enum11 = 'cancelled';
              break;
            }
            case 5: {
              enum11 = 'interrupted';
              break;
            }
            default: {
              throw new TypeError('invalid discriminant specified for TaskStatus');
            }
          }
          var ptr12 = dataView(memory0).getUint32(base + 60, true);
          var len12 = dataView(memory0).getUint32(base + 64, true);
          var result12 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr12, len12));
          let variant14;
          switch (dataView(memory0).getUint8(base + 68, true)) {
            case 0: {
              variant14 = undefined;
              break;
            }
            case 1: {
              var ptr13 = dataView(memory0).getUint32(base + 72, true);
              var len13 = dataView(memory0).getUint32(base + 76, true);
              var result13 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr13, len13));
              variant14 = result13;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant15;
          switch (dataView(memory0).getUint8(base + 88, true)) {
            case 0: {
              variant15 = undefined;
              break;
            }
            case 1: {
              variant15 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 96, true)));
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant16;
          switch (dataView(memory0).getUint8(base + 104, true)) {
            case 0: {
              variant16 = undefined;
              break;
            }
            case 1: {
              variant16 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 112, true)));
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant18;
          switch (dataView(memory0).getUint8(base + 120, true)) {
            case 0: {
              variant18 = undefined;
              break;
            }
            case 1: {
              var ptr17 = dataView(memory0).getUint32(base + 124, true);
              var len17 = dataView(memory0).getUint32(base + 128, true);
              var result17 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr17, len17));
              variant18 = result17;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant20;
          switch (dataView(memory0).getUint8(base + 132, true)) {
            case 0: {
              variant20 = undefined;
              break;
            }
            case 1: {
              var ptr19 = dataView(memory0).getUint32(base + 136, true);
              var len19 = dataView(memory0).getUint32(base + 140, true);
              var result19 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr19, len19));
              variant20 = result19;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant22;
          switch (dataView(memory0).getUint8(base + 148, true)) {
            case 0: {
              variant22 = undefined;
              break;
            }
            case 1: {
              var ptr21 = dataView(memory0).getUint32(base + 152, true);
              var len21 = dataView(memory0).getUint32(base + 156, true);
              var result21 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr21, len21));
              variant22 = result21;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant23;
          switch (dataView(memory0).getUint8(base + 160, true)) {
            case 0: {
              variant23 = undefined;
              break;
            }
            case 1: {
              variant23 = BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 168, true)));
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          let variant25;
          switch (dataView(memory0).getUint8(base + 176, true)) {
            case 0: {
              variant25 = undefined;
              break;
            }
            case 1: {
              var ptr24 = dataView(memory0).getUint32(base + 180, true);
              var len24 = dataView(memory0).getUint32(base + 184, true);
              var result24 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr24, len24));
              variant25 = result24;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var ptr26 = dataView(memory0).getUint32(base + 216, true);
          var len26 = dataView(memory0).getUint32(base + 220, true);
          var result26 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr26, len26));
          result27.push({
            id: result3,
            description: result4,
            agent: result5,
            model: variant10,
            status: enum11,
            parentSessionId: result12,
            sessionId: variant14,
            queuedAt: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 80, true))),
            startedAt: variant15,
            completedAt: variant16,
            error: variant18,
            result: variant20,
            progress: {
              toolCalls: dataView(memory0).getInt32(base + 144, true) >>> 0,
              lastTool: variant22,
              lastActivityAt: variant23,
              lastMessage: variant25,
              tokensIn: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 192, true))),
              tokensOut: BigInt.asUintN(64, BigInt(dataView(memory0).getBigInt64(base + 200, true))),
              cost: dataView(memory0).getFloat64(base + 208, true),
            },
            concurrencyKey: result26,
            attempts: dataView(memory0).getInt32(base + 224, true) >>> 0,
            depth: dataView(memory0).getInt32(base + 228, true) >>> 0,
          });
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.list"][Instruction::Return]', {
          funcName: '[method]manager.list',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([result27]);
        const retCopy = result27;
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn2(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerLaunchText;

Manager.prototype.launchText = function launchText(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerLaunchText',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        var ptr0 = realloc0(0, 0, 8, 240);
        
        var handle2 = this[symbolRscHandle];
        if (!handle2 || (handleTable0[(handle2 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle1 = handleTable0[(handle2 << 1) + 1] & ~T_FLAG;
        
        dataView(memory0).setInt32(ptr0 + 0, handle1, true);
        var {id: v3_0, description: v3_1, agent: v3_2, model: v3_3, status: v3_4, parentSessionId: v3_5, sessionId: v3_6, queuedAt: v3_7, startedAt: v3_8, completedAt: v3_9, error: v3_10, result: v3_11, progress: v3_12, concurrencyKey: v3_13, attempts: v3_14, depth: v3_15 } = arg1;
        
        var encodeRes = _utf8AllocateAndEncode(v3_0, realloc0, memory0);
        var ptr4= encodeRes.ptr;
        var len4 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 12, len4, true);
        dataView(memory0).setUint32(ptr0 + 8, ptr4, true);
        
        var encodeRes = _utf8AllocateAndEncode(v3_1, realloc0, memory0);
        var ptr5= encodeRes.ptr;
        var len5 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 20, len5, true);
        dataView(memory0).setUint32(ptr0 + 16, ptr5, true);
        
        var encodeRes = _utf8AllocateAndEncode(v3_2, realloc0, memory0);
        var ptr6= encodeRes.ptr;
        var len6 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 28, len6, true);
        dataView(memory0).setUint32(ptr0 + 24, ptr6, true);
        var variant12 = v3_3;
        if (variant12 === null || variant12=== undefined) {
          dataView(memory0).setInt8(ptr0 + 32, 0, true);
        } else {
          const e = variant12;
          dataView(memory0).setInt8(ptr0 + 32, 1, true);
          var {providerId: v7_0, modelId: v7_1, variant: v7_2 } = e;
          
          var encodeRes = _utf8AllocateAndEncode(v7_0, realloc0, memory0);
          var ptr8= encodeRes.ptr;
          var len8 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 40, len8, true);
          dataView(memory0).setUint32(ptr0 + 36, ptr8, true);
          
          var encodeRes = _utf8AllocateAndEncode(v7_1, realloc0, memory0);
          var ptr9= encodeRes.ptr;
          var len9 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 48, len9, true);
          dataView(memory0).setUint32(ptr0 + 44, ptr9, true);
          var variant11 = v7_2;
          if (variant11 === null || variant11=== undefined) {
            dataView(memory0).setInt8(ptr0 + 52, 0, true);
          } else {
            const e = variant11;
            dataView(memory0).setInt8(ptr0 + 52, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr10= encodeRes.ptr;
            var len10 = encodeRes.len;
            
            dataView(memory0).setUint32(ptr0 + 60, len10, true);
            dataView(memory0).setUint32(ptr0 + 56, ptr10, true);
          }
        }
        var val13 = v3_4;
        let enum13;
        switch (val13) {
          case 'pending': {
            enum13 = 0;
            break;
          }
          case 'running': {
            enum13 = 1;
            break;
          }
          case 'completed': {
            enum13 = 2;
            break;
          }
          case 'error': {
            enum13 = 3;
            break;
          }
          case 'cancelled': {
            enum13 = 4;
            break;
          }
          case 'interrupted': {
            enum13 = 5;
            break;
          }
          default: {
            if ((v3_4) instanceof Error) {
              console.error(v3_4);
            }
            
            throw new TypeError(`"${val13}" is not one of the cases of task-status`);
          }
        }
        dataView(memory0).setInt8(ptr0 + 64, enum13, true);
        
        var encodeRes = _utf8AllocateAndEncode(v3_5, realloc0, memory0);
        var ptr14= encodeRes.ptr;
        var len14 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 72, len14, true);
        dataView(memory0).setUint32(ptr0 + 68, ptr14, true);
        var variant16 = v3_6;
        if (variant16 === null || variant16=== undefined) {
          dataView(memory0).setInt8(ptr0 + 76, 0, true);
        } else {
          const e = variant16;
          dataView(memory0).setInt8(ptr0 + 76, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr15= encodeRes.ptr;
          var len15 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 84, len15, true);
          dataView(memory0).setUint32(ptr0 + 80, ptr15, true);
        }
        dataView(memory0).setBigInt64(ptr0 + 88, toUint64(v3_7), true);
        var variant17 = v3_8;
        if (variant17 === null || variant17=== undefined) {
          dataView(memory0).setInt8(ptr0 + 96, 0, true);
        } else {
          const e = variant17;
          dataView(memory0).setInt8(ptr0 + 96, 1, true);
          dataView(memory0).setBigInt64(ptr0 + 104, toUint64(e), true);
        }
        var variant18 = v3_9;
        if (variant18 === null || variant18=== undefined) {
          dataView(memory0).setInt8(ptr0 + 112, 0, true);
        } else {
          const e = variant18;
          dataView(memory0).setInt8(ptr0 + 112, 1, true);
          dataView(memory0).setBigInt64(ptr0 + 120, toUint64(e), true);
        }
        var variant20 = v3_10;
        if (variant20 === null || variant20=== undefined) {
          dataView(memory0).setInt8(ptr0 + 128, 0, true);
        } else {
          const e = variant20;
          dataView(memory0).setInt8(ptr0 + 128, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr19= encodeRes.ptr;
          var len19 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 136, len19, true);
          dataView(memory0).setUint32(ptr0 + 132, ptr19, true);
        }
        var variant22 = v3_11;
        if (variant22 === null || variant22=== undefined) {
          dataView(memory0).setInt8(ptr0 + 140, 0, true);
        } else {
          const e = variant22;
          dataView(memory0).setInt8(ptr0 + 140, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr21= encodeRes.ptr;
          var len21 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 148, len21, true);
          dataView(memory0).setUint32(ptr0 + 144, ptr21, true);
        }
        var {toolCalls: v23_0, lastTool: v23_1, lastActivityAt: v23_2, lastMessage: v23_3, tokensIn: v23_4, tokensOut: v23_5, cost: v23_6 } = v3_12;
        dataView(memory0).setInt32(ptr0 + 152, toUint32(v23_0), true);
        var variant25 = v23_1;
        if (variant25 === null || variant25=== undefined) {
          dataView(memory0).setInt8(ptr0 + 156, 0, true);
        } else {
          const e = variant25;
          dataView(memory0).setInt8(ptr0 + 156, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr24= encodeRes.ptr;
          var len24 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 164, len24, true);
          dataView(memory0).setUint32(ptr0 + 160, ptr24, true);
        }
        var variant26 = v23_2;
        if (variant26 === null || variant26=== undefined) {
          dataView(memory0).setInt8(ptr0 + 168, 0, true);
        } else {
          const e = variant26;
          dataView(memory0).setInt8(ptr0 + 168, 1, true);
          dataView(memory0).setBigInt64(ptr0 + 176, toUint64(e), true);
        }
        var variant28 = v23_3;
        if (variant28 === null || variant28=== undefined) {
          dataView(memory0).setInt8(ptr0 + 184, 0, true);
        } else {
          const e = variant28;
          dataView(memory0).setInt8(ptr0 + 184, 1, true);
          
          var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
          var ptr27= encodeRes.ptr;
          var len27 = encodeRes.len;
          
          dataView(memory0).setUint32(ptr0 + 192, len27, true);
          dataView(memory0).setUint32(ptr0 + 188, ptr27, true);
        }
        dataView(memory0).setBigInt64(ptr0 + 200, toUint64(v23_4), true);
        dataView(memory0).setBigInt64(ptr0 + 208, toUint64(v23_5), true);
        dataView(memory0).setFloat64(ptr0 + 216, +v23_6, true);
        
        var encodeRes = _utf8AllocateAndEncode(v3_13, realloc0, memory0);
        var ptr29= encodeRes.ptr;
        var len29 = encodeRes.len;
        
        dataView(memory0).setUint32(ptr0 + 228, len29, true);
        dataView(memory0).setUint32(ptr0 + 224, ptr29, true);
        dataView(memory0).setInt32(ptr0 + 232, toUint32(v3_14), true);
        dataView(memory0).setInt32(ptr0 + 236, toUint32(v3_15), true);
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.launch-text"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.launch-text',
          paramCount: 1,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerLaunchText(ptr0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        var ptr30 = dataView(memory0).getUint32(ret + 0, true);
        var len30 = dataView(memory0).getUint32(ret + 4, true);
        var result30 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr30, len30));
        var ptr31 = dataView(memory0).getUint32(ret + 8, true);
        var len31 = dataView(memory0).getUint32(ret + 12, true);
        var result31 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr31, len31));
        let variant33;
        switch (dataView(memory0).getUint8(ret + 16, true)) {
          case 0: {
            variant33 = undefined;
            break;
          }
          case 1: {
            var ptr32 = dataView(memory0).getUint32(ret + 20, true);
            var len32 = dataView(memory0).getUint32(ret + 24, true);
            var result32 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr32, len32));
            variant33 = result32;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        let variant35;
        switch (dataView(memory0).getUint8(ret + 28, true)) {
          case 0: {
            variant35 = undefined;
            break;
          }
          case 1: {
            var ptr34 = dataView(memory0).getUint32(ret + 32, true);
            var len34 = dataView(memory0).getUint32(ret + 36, true);
            var result34 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr34, len34));
            variant35 = result34;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.launch-text"][Instruction::Return]', {
          funcName: '[method]manager.launch-text',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([{
          title: result30,
          output: result31,
          taskId: variant33,
          sessionId: variant35,
        }]);
        const retCopy = {
          title: result30,
          output: result31,
          taskId: variant33,
          sessionId: variant35,
        };
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn4(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerOutputText;

Manager.prototype.outputText = function outputText(arg1, arg2) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerOutputText',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'throw-result-err',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg2, realloc0, memory0);
        var ptr3= encodeRes.ptr;
        var len3 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.output-text"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.output-text',
          paramCount: 5,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerOutputText(handle0, ptr2, len2, ptr3, len3),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant16;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            var ptr4 = dataView(memory0).getUint32(ret + 4, true);
            var len4 = dataView(memory0).getUint32(ret + 8, true);
            var result4 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr4, len4));
            var ptr5 = dataView(memory0).getUint32(ret + 12, true);
            var len5 = dataView(memory0).getUint32(ret + 16, true);
            var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
            let variant7;
            switch (dataView(memory0).getUint8(ret + 20, true)) {
              case 0: {
                variant7 = undefined;
                break;
              }
              case 1: {
                var ptr6 = dataView(memory0).getUint32(ret + 24, true);
                var len6 = dataView(memory0).getUint32(ret + 28, true);
                var result6 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr6, len6));
                variant7 = result6;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            let variant9;
            switch (dataView(memory0).getUint8(ret + 32, true)) {
              case 0: {
                variant9 = undefined;
                break;
              }
              case 1: {
                var ptr8 = dataView(memory0).getUint32(ret + 36, true);
                var len8 = dataView(memory0).getUint32(ret + 40, true);
                var result8 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr8, len8));
                variant9 = result8;
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for option');
              }
            }
            variant16= {
              tag: 'ok',
              val: {
                title: result4,
                output: result5,
                taskId: variant7,
                sessionId: variant9,
              }
            };
            break;
          }
          case 1: {
            let variant15;
            switch (dataView(memory0).getUint8(ret + 4, true)) {
              case 0: {
                var ptr10 = dataView(memory0).getUint32(ret + 8, true);
                var len10 = dataView(memory0).getUint32(ret + 12, true);
                var result10 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr10, len10));
                variant15= {
                  tag: 'invalid',
                  val: result10
                };
                break;
              }
              case 1: {
                var ptr11 = dataView(memory0).getUint32(ret + 8, true);
                var len11 = dataView(memory0).getUint32(ret + 12, true);
                var result11 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr11, len11));
                variant15= {
                  tag: 'not-found',
                  val: result11
                };
                break;
              }
              case 2: {
                var ptr12 = dataView(memory0).getUint32(ret + 8, true);
                var len12 = dataView(memory0).getUint32(ret + 12, true);
                var result12 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr12, len12));
                variant15= {
                  tag: 'forbidden',
                  val: result12
                };
                break;
              }
              case 3: {
                var ptr13 = dataView(memory0).getUint32(ret + 8, true);
                var len13 = dataView(memory0).getUint32(ret + 12, true);
                var result13 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr13, len13));
                variant15= {
                  tag: 'limit',
                  val: result13
                };
                break;
              }
              case 4: {
                var ptr14 = dataView(memory0).getUint32(ret + 8, true);
                var len14 = dataView(memory0).getUint32(ret + 12, true);
                var result14 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr14, len14));
                variant15= {
                  tag: 'conflict',
                  val: result14
                };
                break;
              }
              case 5: {
                variant15= {
                  tag: 'shutting-down',
                };
                break;
              }
              default: {
                throw new TypeError('invalid variant discriminant for RequestError');
              }
            }
            variant16= {
              tag: 'err',
              val: variant15
            };
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for expected');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.output-text"][Instruction::Return]', {
          funcName: '[method]manager.output-text',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        const retCopy = variant16;
        task.resolve([retCopy.val]);
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn5(ret);
        cstate.mayLeave = true;
        task.exit();
        
        
        
        if (typeof retCopy === 'object' && retCopy.tag === 'err') {
          throw new ComponentError(retCopy.val);
        }
        return retCopy.val;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerListText;

Manager.prototype.listText = function listText(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerListText',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.list-text"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.list-text',
          paramCount: 3,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerListText(handle0, ptr2, len2),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        var ptr3 = dataView(memory0).getUint32(ret + 0, true);
        var len3 = dataView(memory0).getUint32(ret + 4, true);
        var result3 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr3, len3));
        var ptr4 = dataView(memory0).getUint32(ret + 8, true);
        var len4 = dataView(memory0).getUint32(ret + 12, true);
        var result4 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr4, len4));
        let variant6;
        switch (dataView(memory0).getUint8(ret + 16, true)) {
          case 0: {
            variant6 = undefined;
            break;
          }
          case 1: {
            var ptr5 = dataView(memory0).getUint32(ret + 20, true);
            var len5 = dataView(memory0).getUint32(ret + 24, true);
            var result5 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr5, len5));
            variant6 = result5;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        let variant8;
        switch (dataView(memory0).getUint8(ret + 28, true)) {
          case 0: {
            variant8 = undefined;
            break;
          }
          case 1: {
            var ptr7 = dataView(memory0).getUint32(ret + 32, true);
            var len7 = dataView(memory0).getUint32(ret + 36, true);
            var result7 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr7, len7));
            variant8 = result7;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.list-text"][Instruction::Return]', {
          funcName: '[method]manager.list-text',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([{
          title: result3,
          output: result4,
          taskId: variant6,
          sessionId: variant8,
        }]);
        const retCopy = {
          title: result3,
          output: result4,
          taskId: variant6,
          sessionId: variant8,
        };
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn4(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerCancelText;

Manager.prototype.cancelText = function cancelText(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerCancelText',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        var vec29 = arg1;
        var len29 = vec29.length;
        var result29 = realloc0(0, 0, 8, len29 * 232);
        for (let i = 0; i < vec29.length; i++) {
          const e = vec29[i];
          const base = result29 + i * 232;var {id: v2_0, description: v2_1, agent: v2_2, model: v2_3, status: v2_4, parentSessionId: v2_5, sessionId: v2_6, queuedAt: v2_7, startedAt: v2_8, completedAt: v2_9, error: v2_10, result: v2_11, progress: v2_12, concurrencyKey: v2_13, attempts: v2_14, depth: v2_15 } = e;
          
          var encodeRes = _utf8AllocateAndEncode(v2_0, realloc0, memory0);
          var ptr3= encodeRes.ptr;
          var len3 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 4, len3, true);
          dataView(memory0).setUint32(base + 0, ptr3, true);
          
          var encodeRes = _utf8AllocateAndEncode(v2_1, realloc0, memory0);
          var ptr4= encodeRes.ptr;
          var len4 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 12, len4, true);
          dataView(memory0).setUint32(base + 8, ptr4, true);
          
          var encodeRes = _utf8AllocateAndEncode(v2_2, realloc0, memory0);
          var ptr5= encodeRes.ptr;
          var len5 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 20, len5, true);
          dataView(memory0).setUint32(base + 16, ptr5, true);
          var variant11 = v2_3;
          if (variant11 === null || variant11=== undefined) {
            dataView(memory0).setInt8(base + 24, 0, true);
          } else {
            const e = variant11;
            dataView(memory0).setInt8(base + 24, 1, true);
            var {providerId: v6_0, modelId: v6_1, variant: v6_2 } = e;
            
            var encodeRes = _utf8AllocateAndEncode(v6_0, realloc0, memory0);
            var ptr7= encodeRes.ptr;
            var len7 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 32, len7, true);
            dataView(memory0).setUint32(base + 28, ptr7, true);
            
            var encodeRes = _utf8AllocateAndEncode(v6_1, realloc0, memory0);
            var ptr8= encodeRes.ptr;
            var len8 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 40, len8, true);
            dataView(memory0).setUint32(base + 36, ptr8, true);
            var variant10 = v6_2;
            if (variant10 === null || variant10=== undefined) {
              dataView(memory0).setInt8(base + 44, 0, true);
            } else {
              const e = variant10;
              dataView(memory0).setInt8(base + 44, 1, true);
              
              var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
              var ptr9= encodeRes.ptr;
              var len9 = encodeRes.len;
              
              dataView(memory0).setUint32(base + 52, len9, true);
              dataView(memory0).setUint32(base + 48, ptr9, true);
            }
          }
          var val12 = v2_4;
          let enum12;
          switch (val12) {
            case 'pending': {
              enum12 = 0;
              break;
            }
            case 'running': {
              enum12 = 1;
              break;
            }
            case 'completed': {
              enum12 = 2;
              break;
            }
            case 'error': {
              enum12 = 3;
              break;
            }
            case 'cancelled': {
              enum12 = 4;
              break;
            }
            case 'interrupted': {
              enum12 = 5;
              break;
            }
            default: {
              if ((v2_4) instanceof Error) {
                console.error(v2_4);
              }
              
              throw new TypeError(`"${val12}" is not one of the cases of task-status`);
            }
          }
          dataView(memory0).setInt8(base + 56, enum12, true);
          
          var encodeRes = _utf8AllocateAndEncode(v2_5, realloc0, memory0);
          var ptr13= encodeRes.ptr;
          var len13 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 64, len13, true);
          dataView(memory0).setUint32(base + 60, ptr13, true);
          var variant15 = v2_6;
          if (variant15 === null || variant15=== undefined) {
            dataView(memory0).setInt8(base + 68, 0, true);
          } else {
            const e = variant15;
            dataView(memory0).setInt8(base + 68, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr14= encodeRes.ptr;
            var len14 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 76, len14, true);
            dataView(memory0).setUint32(base + 72, ptr14, true);
          }
          dataView(memory0).setBigInt64(base + 80, toUint64(v2_7), true);
          var variant16 = v2_8;
          if (variant16 === null || variant16=== undefined) {
            dataView(memory0).setInt8(base + 88, 0, true);
          } else {
            const e = variant16;
            dataView(memory0).setInt8(base + 88, 1, true);
            dataView(memory0).setBigInt64(base + 96, toUint64(e), true);
          }
          var variant17 = v2_9;
          if (variant17 === null || variant17=== undefined) {
            dataView(memory0).setInt8(base + 104, 0, true);
          } else {
            const e = variant17;
            dataView(memory0).setInt8(base + 104, 1, true);
            dataView(memory0).setBigInt64(base + 112, toUint64(e), true);
          }
          var variant19 = v2_10;
          if (variant19 === null || variant19=== undefined) {
            dataView(memory0).setInt8(base + 120, 0, true);
          } else {
            const e = variant19;
            dataView(memory0).setInt8(base + 120, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr18= encodeRes.ptr;
            var len18 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 128, len18, true);
            dataView(memory0).setUint32(base + 124, ptr18, true);
          }
          var variant21 = v2_11;
          if (variant21 === null || variant21=== undefined) {
            dataView(memory0).setInt8(base + 132, 0, true);
          } else {
            const e = variant21;
            dataView(memory0).setInt8(base + 132, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr20= encodeRes.ptr;
            var len20 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 140, len20, true);
            dataView(memory0).setUint32(base + 136, ptr20, true);
          }
          var {toolCalls: v22_0, lastTool: v22_1, lastActivityAt: v22_2, lastMessage: v22_3, tokensIn: v22_4, tokensOut: v22_5, cost: v22_6 } = v2_12;
          dataView(memory0).setInt32(base + 144, toUint32(v22_0), true);
          var variant24 = v22_1;
          if (variant24 === null || variant24=== undefined) {
            dataView(memory0).setInt8(base + 148, 0, true);
          } else {
            const e = variant24;
            dataView(memory0).setInt8(base + 148, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr23= encodeRes.ptr;
            var len23 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 156, len23, true);
            dataView(memory0).setUint32(base + 152, ptr23, true);
          }
          var variant25 = v22_2;
          if (variant25 === null || variant25=== undefined) {
            dataView(memory0).setInt8(base + 160, 0, true);
          } else {
            const e = variant25;
            dataView(memory0).setInt8(base + 160, 1, true);
            dataView(memory0).setBigInt64(base + 168, toUint64(e), true);
          }
          var variant27 = v22_3;
          if (variant27 === null || variant27=== undefined) {
            dataView(memory0).setInt8(base + 176, 0, true);
          } else {
            const e = variant27;
            dataView(memory0).setInt8(base + 176, 1, true);
            
            var encodeRes = _utf8AllocateAndEncode(e, realloc0, memory0);
            var ptr26= encodeRes.ptr;
            var len26 = encodeRes.len;
            
            dataView(memory0).setUint32(base + 184, len26, true);
            dataView(memory0).setUint32(base + 180, ptr26, true);
          }
          dataView(memory0).setBigInt64(base + 192, toUint64(v22_4), true);
          dataView(memory0).setBigInt64(base + 200, toUint64(v22_5), true);
          dataView(memory0).setFloat64(base + 208, +v22_6, true);
          
          var encodeRes = _utf8AllocateAndEncode(v2_13, realloc0, memory0);
          var ptr28= encodeRes.ptr;
          var len28 = encodeRes.len;
          
          dataView(memory0).setUint32(base + 220, len28, true);
          dataView(memory0).setUint32(base + 216, ptr28, true);
          dataView(memory0).setInt32(base + 224, toUint32(v2_14), true);
          dataView(memory0).setInt32(base + 228, toUint32(v2_15), true);
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.cancel-text"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.cancel-text',
          paramCount: 3,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerCancelText(handle0, result29, len29),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        var ptr30 = dataView(memory0).getUint32(ret + 0, true);
        var len30 = dataView(memory0).getUint32(ret + 4, true);
        var result30 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr30, len30));
        var ptr31 = dataView(memory0).getUint32(ret + 8, true);
        var len31 = dataView(memory0).getUint32(ret + 12, true);
        var result31 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr31, len31));
        let variant33;
        switch (dataView(memory0).getUint8(ret + 16, true)) {
          case 0: {
            variant33 = undefined;
            break;
          }
          case 1: {
            var ptr32 = dataView(memory0).getUint32(ret + 20, true);
            var len32 = dataView(memory0).getUint32(ret + 24, true);
            var result32 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr32, len32));
            variant33 = result32;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        let variant35;
        switch (dataView(memory0).getUint8(ret + 28, true)) {
          case 0: {
            variant35 = undefined;
            break;
          }
          case 1: {
            var ptr34 = dataView(memory0).getUint32(ret + 32, true);
            var len34 = dataView(memory0).getUint32(ret + 36, true);
            var result34 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr34, len34));
            variant35 = result34;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.cancel-text"][Instruction::Return]', {
          funcName: '[method]manager.cancel-text',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([{
          title: result30,
          output: result31,
          taskId: variant33,
          sessionId: variant35,
        }]);
        const retCopy = {
          title: result30,
          output: result31,
          taskId: variant33,
          sessionId: variant35,
        };
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn4(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerTakeInjection;

Manager.prototype.takeInjection = function takeInjection(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerTakeInjection',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.take-injection"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.take-injection',
          paramCount: 3,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerTakeInjection(handle0, ptr2, len2),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant4;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            variant4 = undefined;
            break;
          }
          case 1: {
            var ptr3 = dataView(memory0).getUint32(ret + 4, true);
            var len3 = dataView(memory0).getUint32(ret + 8, true);
            var result3 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr3, len3));
            variant4 = result3;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.take-injection"][Instruction::Return]', {
          funcName: '[method]manager.take-injection',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([variant4]);
        const retCopy = variant4;
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn0(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerCompactionContext;

Manager.prototype.compactionContext = function compactionContext(arg1) {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerCompactionContext',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        
        var encodeRes = _utf8AllocateAndEncode(arg1, realloc0, memory0);
        var ptr2= encodeRes.ptr;
        var len2 = encodeRes.len;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.compaction-context"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.compaction-context',
          paramCount: 3,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerCompactionContext(handle0, ptr2, len2),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        let variant4;
        switch (dataView(memory0).getUint8(ret + 0, true)) {
          case 0: {
            variant4 = undefined;
            break;
          }
          case 1: {
            var ptr3 = dataView(memory0).getUint32(ret + 4, true);
            var len3 = dataView(memory0).getUint32(ret + 8, true);
            var result3 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr3, len3));
            variant4 = result3;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.compaction-context"][Instruction::Return]', {
          funcName: '[method]manager.compaction-context',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([variant4]);
        const retCopy = variant4;
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn0(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerSnapshot;

Manager.prototype.snapshot = function snapshot() {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerSnapshot',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (0!== null) {
    task.setReturnMemoryIdx(0);
    task.setReturnMemory((() => memory0)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.snapshot"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.snapshot',
          paramCount: 1,
          async: false,
          postReturn: true,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerSnapshot(handle0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        var ptr2 = dataView(memory0).getUint32(ret + 0, true);
        var len2 = dataView(memory0).getUint32(ret + 4, true);
        var result2 = TEXT_DECODER_UTF8.decode(new Uint8Array(memory0.buffer, ptr2, len2));
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.snapshot"][Instruction::Return]', {
          funcName: '[method]manager.snapshot',
          paramCount: 1,
          async: false,
          postReturn: true
        });
        task.resolve([result2]);
        const retCopy = result2;
        
        let cstate = getOrCreateAsyncState(0);
        cstate.mayLeave = false;
        postReturn6(ret);
        cstate.mayLeave = true;
        task.exit();
        return retCopy;
        
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerShutdown;

Manager.prototype.shutdown = function shutdown() {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerShutdown',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (null!== null) {
    task.setReturnMemoryIdx(null);
    task.setReturnMemory((() => null)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.shutdown"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.shutdown',
          paramCount: 1,
          async: false,
          postReturn: false,
        });
        
        let ret;
        
        try {
          _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerShutdown(handle0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.shutdown"][Instruction::Return]', {
          funcName: '[method]manager.shutdown',
          paramCount: 0,
          async: false,
          postReturn: false
        });
        task.resolve([ret]);
        task.exit();
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let manager010MethodManagerMalformedEvents;

Manager.prototype.malformedEvents = function malformedEvents() {
  
  const hostProvided = false;
  getOrCreateAsyncState(0).throwIfTrapped();
  
  const [task, _wasm_call_currentTaskID] = createNewCurrentTask({
    componentIdx: 0,
    isAsync: false,
    isManualAsync: false,
    preserveFutureResult: false,
    entryFnName: 'manager010MethodManagerMalformedEvents',
    getCallbackFn: () => null,
    callbackFnName: null,
    errHandling: 'none',
    callingWasmExport: true,
  });
  task.setCalleeIsAsync(false);
  
  const started = task.enterSync();
  CURRENT_TASK_MAY_BLOCK.value = task.mayBlock() ? 1 : 0;
  
  if (null!== null) {
    task.setReturnMemoryIdx(null);
    task.setReturnMemory((() => null)());
  }
  
  
  return _withGlobalCurrentTaskMeta({
    taskID: task.id(),
    componentIdx: task.componentIdx(),
    fn: () => {
      try {
        
        
        var handle1 = this[symbolRscHandle];
        if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
          throw new TypeError('Resource error: Not a valid \"Manager\" resource.');
        }
        var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.malformed-events"][Instruction::CallWasm] enter', {
          funcName: '[method]manager.malformed-events',
          paramCount: 1,
          async: false,
          postReturn: false,
        });
        
        let ret;
        
        try {
          ret =  _withGlobalCurrentTaskMeta({
            taskID: task.id(),
            componentIdx: task.componentIdx(),
            fn: () => manager010MethodManagerMalformedEvents(handle0),
          });
        } catch (err) {
          
          _debugLog('[Instruction::CallWasm] error during sync call', {
            taskID: task.id(),
            err,
          });
          getOrCreateAsyncState(0).markTrapped(err);
          task.setErrored(err);
          task.reject(err);
          task.exit();
          throw err;
          
        }
        
        _debugLog('[iface="opencode:background-agent/manager@0.1.0", function="[method]manager.malformed-events"][Instruction::Return]', {
          funcName: '[method]manager.malformed-events',
          paramCount: 1,
          async: false,
          postReturn: false
        });
        task.resolve([BigInt.asUintN(64, BigInt(ret))]);
        task.exit();
        return BigInt.asUintN(64, BigInt(ret));
        
      } catch (err) {
        if (!task.isResolvedState()) {
          task.setErrored(err);
          task.reject(err);
        }
        if (!task.isExited()) { task.exit({ skipExclusiveLockCheck: true }); }
        throw err;
      }
    },
  });
  
};
let trampoline0 = _trampoline0.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 0,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline0.manuallyAsync,
  paramLiftFns: [
  _liftFlatOption({
    caseMetas: [
    ['none', null, 0, 0, 0, [] ],
    ['some', _liftFlatU64, 8, 8, 1, ['i64'] ],
    ],
    variantSize32: 16,
    variantAlign32: 8,
    variantPayloadOffset32: 8,
    variantFlatCount: 2,
    variantPayloadFlatTypes: ['i64'],
    payloadMaybeNull: false,
  })
  ],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: null,
  stringEncoding: 'utf8',
  getMemoryFn: () => null,
  getReallocFn: undefined,
  importFn: _trampoline0,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 0,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline0.manuallyAsync,
  paramLiftFns: [
  _liftFlatOption({
    caseMetas: [
    ['none', null, 0, 0, 0, [] ],
    ['some', _liftFlatU64, 8, 8, 1, ['i64'] ],
    ],
    variantSize32: 16,
    variantAlign32: 8,
    variantPayloadOffset32: 8,
    variantFlatCount: 2,
    variantPayloadFlatTypes: ['i64'],
    payloadMaybeNull: false,
  })
  ],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: null,
  stringEncoding: 'utf8',
  getMemoryFn: () => null,
  getReallocFn: undefined,
  importFn: _trampoline0,
},
);
let trampoline1 = _trampoline1.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 1,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline1.manuallyAsync,
  paramLiftFns: [],
  resultLowerFns: [_lowerFlatU64],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: null,
  stringEncoding: 'utf8',
  getMemoryFn: () => null,
  getReallocFn: undefined,
  importFn: _trampoline1,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 1,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline1.manuallyAsync,
  paramLiftFns: [],
  resultLowerFns: [_lowerFlatU64],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: null,
  stringEncoding: 'utf8',
  getMemoryFn: () => null,
  getReallocFn: undefined,
  importFn: _trampoline1,
},
);
const trampoline2 = rscTableCreateOwn.bind(null, handleTable0);
function trampoline3(handle) {
  const handleEntry = rscTableRemove(handleTable0, handle);
  if (handleEntry.own) {
    exports0['7'](handleEntry.rep);
  }
}
let trampoline4 = _trampoline4.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 4,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline4.manuallyAsync,
  paramLiftFns: [_liftFlatStringAny,_liftFlatFlags({ names: ['lifecycle','activity'], size32: 1, align32: 1, intSizeBytes: 1 })],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline4,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 4,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline4.manuallyAsync,
  paramLiftFns: [_liftFlatStringAny,_liftFlatFlags({ names: ['lifecycle','activity'], size32: 1, align32: 1, intSizeBytes: 1 })],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline4,
},
);
let trampoline5 = _trampoline5.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 5,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline5.manuallyAsync,
  paramLiftFns: [_liftFlatStringAny],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline5,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 5,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline5.manuallyAsync,
  paramLiftFns: [_liftFlatStringAny],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline5,
},
);
let trampoline6 = _trampoline6.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 6,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline6.manuallyAsync,
  paramLiftFns: [_liftFlatStringAny],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline6,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 6,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline6.manuallyAsync,
  paramLiftFns: [_liftFlatStringAny],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline6,
},
);
let trampoline7 = _trampoline7.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 7,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline7.manuallyAsync,
  paramLiftFns: [_liftFlatRecord({ fieldMetas: [['title', _liftFlatStringAny, 8, 4],['message', _liftFlatStringAny, 8, 4],['variant', 
  _liftFlatEnum({
    caseMetas: [['info', null, 1, 1, 1],['success', null, 1, 1, 1],['warning', null, 1, 1, 1],['error', null, 1, 1, 1],],
    variantSize32: 1,
    variantAlign32: 1,
    variantPayloadOffset32: 1,
    variantFlatCount: 1,
  })
  , 1, 1],['durationMs', _liftFlatU32, 4, 4],], size32: 24, align32: 4 })],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline7,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 7,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline7.manuallyAsync,
  paramLiftFns: [_liftFlatRecord({ fieldMetas: [['title', _liftFlatStringAny, 8, 4],['message', _liftFlatStringAny, 8, 4],['variant', 
  _liftFlatEnum({
    caseMetas: [['info', null, 1, 1, 1],['success', null, 1, 1, 1],['warning', null, 1, 1, 1],['error', null, 1, 1, 1],],
    variantSize32: 1,
    variantAlign32: 1,
    variantPayloadOffset32: 1,
    variantFlatCount: 1,
  })
  , 1, 1],['durationMs', _liftFlatU32, 4, 4],], size32: 24, align32: 4 })],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline7,
},
);
let trampoline8 = _trampoline8.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 8,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline8.manuallyAsync,
  paramLiftFns: [
  _liftFlatEnum({
    caseMetas: [['debug', null, 1, 1, 1],['info', null, 1, 1, 1],['warn', null, 1, 1, 1],['error', null, 1, 1, 1],],
    variantSize32: 1,
    variantAlign32: 1,
    variantPayloadOffset32: 1,
    variantFlatCount: 1,
  })
  ,_liftFlatStringAny],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline8,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 8,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline8.manuallyAsync,
  paramLiftFns: [
  _liftFlatEnum({
    caseMetas: [['debug', null, 1, 1, 1],['info', null, 1, 1, 1],['warn', null, 1, 1, 1],['error', null, 1, 1, 1],],
    variantSize32: 1,
    variantAlign32: 1,
    variantPayloadOffset32: 1,
    variantFlatCount: 1,
  })
  ,_liftFlatStringAny],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline8,
},
);
let trampoline9 = _trampoline9.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 9,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline9.manuallyAsync,
  paramLiftFns: [_liftFlatU64,_liftFlatVariant({
    caseMetas: [['create-session', _liftFlatRecord({ fieldMetas: [['parentId', _liftFlatStringAny, 8, 4],['title', _liftFlatStringAny, 8, 4],['permission', _liftFlatList({
      elemLiftFn: _liftFlatRecord({ fieldMetas: [['permission', _liftFlatStringAny, 8, 4],['pattern', _liftFlatStringAny, 8, 4],['action', 
      _liftFlatEnum({
        caseMetas: [['allow', null, 1, 1, 1],['deny', null, 1, 1, 1],['ask', null, 1, 1, 1],],
        variantSize32: 1,
        variantAlign32: 1,
        variantPayloadOffset32: 1,
        variantFlatCount: 1,
      })
      , 1, 1],], size32: 20, align32: 4 }),
      elemAlign32: 4,
      elemSize32: 20,
      typedArray: undefined,
    }), 8, 4],], size32: 24, align32: 4 }), 24, 4, 6, ['i32','i32','i32','i32','i32','i32']],['prompt-session', _liftFlatRecord({ fieldMetas: [['sessionId', _liftFlatStringAny, 8, 4],['agent', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatStringAny, 8, 4, 2, ['i32','i32'] ],
      ],
      variantSize32: 12,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 3,
      variantPayloadFlatTypes: ['i32','i32'],
      payloadMaybeNull: false,
    })
    , 12, 4],['model', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatRecord({ fieldMetas: [['providerId', _liftFlatStringAny, 8, 4],['modelId', _liftFlatStringAny, 8, 4],['variant', 
      _liftFlatOption({
        caseMetas: [
        ['none', null, 0, 0, 0, [] ],
        ['some', _liftFlatStringAny, 8, 4, 2, ['i32','i32'] ],
        ],
        variantSize32: 12,
        variantAlign32: 4,
        variantPayloadOffset32: 4,
        variantFlatCount: 3,
        variantPayloadFlatTypes: ['i32','i32'],
        payloadMaybeNull: false,
      })
      , 12, 4],], size32: 28, align32: 4 }), 28, 4, 7, ['i32','i32','i32','i32','i32','i32','i32'] ],
      ],
      variantSize32: 32,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 8,
      variantPayloadFlatTypes: ['i32','i32','i32','i32','i32','i32','i32'],
      payloadMaybeNull: false,
    })
    , 32, 4],['system', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatStringAny, 8, 4, 2, ['i32','i32'] ],
      ],
      variantSize32: 12,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 3,
      variantPayloadFlatTypes: ['i32','i32'],
      payloadMaybeNull: false,
    })
    , 12, 4],['parts', _liftFlatList({
      elemLiftFn: _liftFlatStringAny,
      elemAlign32: 4,
      elemSize32: 8,
      typedArray: undefined,
    }), 8, 4],['noReply', _liftFlatBool, 1, 1],], size32: 76, align32: 4 }), 76, 4, null, null],['abort-session', _liftFlatStringAny, 8, 4, 2, ['i32','i32']],['get-session', _liftFlatStringAny, 8, 4, 2, ['i32','i32']],['session-messages', _liftFlatRecord({ fieldMetas: [['sessionId', _liftFlatStringAny, 8, 4],['limit', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatU32, 4, 4, 1, ['i32'] ],
      ],
      variantSize32: 8,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 2,
      variantPayloadFlatTypes: ['i32'],
      payloadMaybeNull: false,
    })
    , 8, 4],], size32: 16, align32: 4 }), 16, 4, 4, ['i32','i32','i32','i32']],['session-status', null, 0, 0, 0, []],['session-todo', _liftFlatStringAny, 8, 4, 2, ['i32','i32']],],
    variantSize32: 80,
    variantAlign32: 4,
    variantPayloadOffset32: 4,
    variantFlatCount: null,
    variantPayloadFlatTypes: null,
  } )],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline9,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 9,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline9.manuallyAsync,
  paramLiftFns: [_liftFlatU64,_liftFlatVariant({
    caseMetas: [['create-session', _liftFlatRecord({ fieldMetas: [['parentId', _liftFlatStringAny, 8, 4],['title', _liftFlatStringAny, 8, 4],['permission', _liftFlatList({
      elemLiftFn: _liftFlatRecord({ fieldMetas: [['permission', _liftFlatStringAny, 8, 4],['pattern', _liftFlatStringAny, 8, 4],['action', 
      _liftFlatEnum({
        caseMetas: [['allow', null, 1, 1, 1],['deny', null, 1, 1, 1],['ask', null, 1, 1, 1],],
        variantSize32: 1,
        variantAlign32: 1,
        variantPayloadOffset32: 1,
        variantFlatCount: 1,
      })
      , 1, 1],], size32: 20, align32: 4 }),
      elemAlign32: 4,
      elemSize32: 20,
      typedArray: undefined,
    }), 8, 4],], size32: 24, align32: 4 }), 24, 4, 6, ['i32','i32','i32','i32','i32','i32']],['prompt-session', _liftFlatRecord({ fieldMetas: [['sessionId', _liftFlatStringAny, 8, 4],['agent', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatStringAny, 8, 4, 2, ['i32','i32'] ],
      ],
      variantSize32: 12,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 3,
      variantPayloadFlatTypes: ['i32','i32'],
      payloadMaybeNull: false,
    })
    , 12, 4],['model', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatRecord({ fieldMetas: [['providerId', _liftFlatStringAny, 8, 4],['modelId', _liftFlatStringAny, 8, 4],['variant', 
      _liftFlatOption({
        caseMetas: [
        ['none', null, 0, 0, 0, [] ],
        ['some', _liftFlatStringAny, 8, 4, 2, ['i32','i32'] ],
        ],
        variantSize32: 12,
        variantAlign32: 4,
        variantPayloadOffset32: 4,
        variantFlatCount: 3,
        variantPayloadFlatTypes: ['i32','i32'],
        payloadMaybeNull: false,
      })
      , 12, 4],], size32: 28, align32: 4 }), 28, 4, 7, ['i32','i32','i32','i32','i32','i32','i32'] ],
      ],
      variantSize32: 32,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 8,
      variantPayloadFlatTypes: ['i32','i32','i32','i32','i32','i32','i32'],
      payloadMaybeNull: false,
    })
    , 32, 4],['system', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatStringAny, 8, 4, 2, ['i32','i32'] ],
      ],
      variantSize32: 12,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 3,
      variantPayloadFlatTypes: ['i32','i32'],
      payloadMaybeNull: false,
    })
    , 12, 4],['parts', _liftFlatList({
      elemLiftFn: _liftFlatStringAny,
      elemAlign32: 4,
      elemSize32: 8,
      typedArray: undefined,
    }), 8, 4],['noReply', _liftFlatBool, 1, 1],], size32: 76, align32: 4 }), 76, 4, null, null],['abort-session', _liftFlatStringAny, 8, 4, 2, ['i32','i32']],['get-session', _liftFlatStringAny, 8, 4, 2, ['i32','i32']],['session-messages', _liftFlatRecord({ fieldMetas: [['sessionId', _liftFlatStringAny, 8, 4],['limit', 
    _liftFlatOption({
      caseMetas: [
      ['none', null, 0, 0, 0, [] ],
      ['some', _liftFlatU32, 4, 4, 1, ['i32'] ],
      ],
      variantSize32: 8,
      variantAlign32: 4,
      variantPayloadOffset32: 4,
      variantFlatCount: 2,
      variantPayloadFlatTypes: ['i32'],
      payloadMaybeNull: false,
    })
    , 8, 4],], size32: 16, align32: 4 }), 16, 4, 4, ['i32','i32','i32','i32']],['session-status', null, 0, 0, 0, []],['session-todo', _liftFlatStringAny, 8, 4, 2, ['i32','i32']],],
    variantSize32: 80,
    variantAlign32: 4,
    variantPayloadOffset32: 4,
    variantFlatCount: null,
    variantPayloadFlatTypes: null,
  } )],
  resultLowerFns: [],
  hasResultPointer: false,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: undefined,
  importFn: _trampoline9,
},
);
let trampoline10 = _trampoline10.manuallyAsync ? new WebAssembly.Suspending(_suspendingImport(0, _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 10,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline10.manuallyAsync,
  paramLiftFns: [_liftFlatU32],
  resultLowerFns: [_lowerFlatList({
    elemLowerFn: _lowerFlatU8,
    elemSize32: 1,
    elemAlign32: 1,
  })],
  hasResultPointer: true,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: () => realloc0,
  importFn: _trampoline10,
},
))) : _lowerImportBackwardsCompat.bind(
null,
{
  trampolineIdx: 10,
  componentIdx: 0,
  isAsync: false,
  isManualAsync: _trampoline10.manuallyAsync,
  paramLiftFns: [_liftFlatU32],
  resultLowerFns: [_lowerFlatList({
    elemLowerFn: _lowerFlatU8,
    elemSize32: 1,
    elemAlign32: 1,
  })],
  hasResultPointer: true,
  funcTypeIsAsync: false,
  getCallbackFn: () => null,
  getPostReturnFn: () => null,
  isCancellable: false,
  memoryIdx: 0,
  stringEncoding: 'utf8',
  getMemoryFn: () => memory0,
  getReallocFn: () => realloc0,
  importFn: _trampoline10,
},
);

const $init = (() => {
  let gen= (function* _initGenerator () {
    const module0 = fetchCompile(new URL('./background_agent.core.wasm', import.meta.url));
    const module1 = base64Compile('AGFzbQEAAAABGQRgA39/fwBgAn9/AGAGf39/f39/AGABfwADCQgAAQECAAMBAwQFAXABCAgHLAkBMAAAATEAAQEyAAIBMwADATQABAE1AAUBNgAGATcABwgkaW1wb3J0cwEACmkIDQAgACABIAJBABEAAAsLACAAIAFBAREBAAsLACAAIAFBAhEBAAsTACAAIAEgAiADIAQgBUEDEQIACw0AIAAgASACQQQRAAALCQAgAEEFEQMACwsAIAAgAUEGEQEACwkAIABBBxEDAAsALwlwcm9kdWNlcnMBDHByb2Nlc3NlZC1ieQENd2l0LWNvbXBvbmVudAcwLjI2My4wALgDBG5hbWUAExJ3aXQtY29tcG9uZW50OnNoaW0BmwMIADppbmRpcmVjdC1vcGVuY29kZTpiYWNrZ3JvdW5kLWFnZW50L2hvc3RAMC4xLjAtc2V0LWludGVyZXN0ATppbmRpcmVjdC1vcGVuY29kZTpiYWNrZ3JvdW5kLWFnZW50L2hvc3RAMC4xLjAtdGFzay1zZXR0bGVkAjVpbmRpcmVjdC1vcGVuY29kZTpiYWNrZ3JvdW5kLWFnZW50L2hvc3RAMC4xLjAtcGVyc2lzdAM4aW5kaXJlY3Qtb3BlbmNvZGU6YmFja2dyb3VuZC1hZ2VudC9ob3N0QDAuMS4wLXNob3ctdG9hc3QEMWluZGlyZWN0LW9wZW5jb2RlOmJhY2tncm91bmQtYWdlbnQvaG9zdEAwLjEuMC1sb2cFMmluZGlyZWN0LW9wZW5jb2RlOmJhY2tncm91bmQtYWdlbnQvaG9zdEAwLjEuMC1jYWxsBjppbmRpcmVjdC1vcGVuY29kZTpiYWNrZ3JvdW5kLWFnZW50L2hvc3RAMC4xLjAtcmFuZG9tLWJ5dGVzBwxkdG9yLW1hbmFnZXI');
    const module2 = base64Compile('AGFzbQEAAAABGQRgA39/fwBgAn9/AGAGf39/f39/AGABfwACbAkGYWN0dWFsATAAAAZhY3R1YWwBMQABBmFjdHVhbAEyAAEGYWN0dWFsATMAAgZhY3R1YWwBNAAABmFjdHVhbAE1AAMGYWN0dWFsATYAAQZhY3R1YWwBNwADBHNoaW0IJGltcG9ydHMBcAEICAkOAQBBAAsIAAECAwQFBgcALwlwcm9kdWNlcnMBDHByb2Nlc3NlZC1ieQENd2l0LWNvbXBvbmVudAcwLjI2My4wADcEbmFtZQAVFHdpdC1jb21wb25lbnQ6Zml4dXBzARkIAAEwAQExAgEyAwEzBAE0BQE1BgE2BwE3');
    const instanceFlags0 = new WebAssembly.Global({ value: "i32", mutable: true }, 1);
    INSTANCE_FLAGS.set(0, instanceFlags0);
    ({ exports: exports0 } = yield instantiateCore(yield module1));
    ({ exports: exports1 } = yield instantiateCore(yield module0, {
      '[export]opencode:background-agent/manager@0.1.0': {
        '[resource-drop]manager': Object.assign(_guardMayLeave(0, trampoline3), { _jcoMaySuspend: false }),
        '[resource-new]manager': Object.assign(_guardMayLeave(0, trampoline2), { _jcoMaySuspend: false }),
      },
      'opencode:background-agent/host@0.1.0': {
        call: Object.assign(exports0['5'], { _jcoMaySuspend: false }),
        log: Object.assign(exports0['4'], { _jcoMaySuspend: false }),
        'now-ms': Object.assign(trampoline1, { _jcoMaySuspend: false }),
        persist: Object.assign(exports0['2'], { _jcoMaySuspend: false }),
        'random-bytes': Object.assign(exports0['6'], { _jcoMaySuspend: false }),
        'set-interest': Object.assign(exports0['0'], { _jcoMaySuspend: false }),
        'set-timer': Object.assign(trampoline0, { _jcoMaySuspend: false }),
        'show-toast': Object.assign(exports0['3'], { _jcoMaySuspend: false }),
        'task-settled': Object.assign(exports0['1'], { _jcoMaySuspend: false }),
      },
    }));
    memory0 = exports1.memory;
    realloc0 = exports1.cabi_realloc;
    
    try {
      realloc0Async = WebAssembly.promising(exports1.cabi_realloc);
    } catch(err) {
      realloc0Async = exports1.cabi_realloc;
    }
    
    ({ exports: exports2 } = yield instantiateCore(yield module2, {
      actual: {
        '0': Object.assign(trampoline4, { _jcoMaySuspend: false }),
        '1': Object.assign(trampoline5, { _jcoMaySuspend: false }),
        '2': Object.assign(trampoline6, { _jcoMaySuspend: false }),
        '3': Object.assign(trampoline7, { _jcoMaySuspend: false }),
        '4': Object.assign(trampoline8, { _jcoMaySuspend: false }),
        '5': Object.assign(trampoline9, { _jcoMaySuspend: false }),
        '6': Object.assign(trampoline10, { _jcoMaySuspend: false }),
        '7': Object.assign(exports1['opencode:background-agent/manager@0.1.0#[dtor]manager'], { _jcoMaySuspend: false }),
      },
      shim: {
        $imports: exports0.$imports,
      },
    }));
    postReturn0 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.compaction-context'];
    
    try {
      postReturn0Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.compaction-context']);
    } catch(err) {
      postReturn0Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.compaction-context'];
    }
    
    postReturn1 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel'];
    
    try {
      postReturn1Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel']);
    } catch(err) {
      postReturn1Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel'];
    }
    
    postReturn2 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-all'];
    
    try {
      postReturn2Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-all']);
    } catch(err) {
      postReturn2Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-all'];
    }
    
    postReturn3 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.get-by-session'];
    
    try {
      postReturn3Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.get-by-session']);
    } catch(err) {
      postReturn3Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.get-by-session'];
    }
    
    postReturn4 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-text'];
    
    try {
      postReturn4Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-text']);
    } catch(err) {
      postReturn4Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-text'];
    }
    
    postReturn5 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.output-text'];
    
    try {
      postReturn5Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.output-text']);
    } catch(err) {
      postReturn5Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.output-text'];
    }
    
    postReturn6 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.snapshot'];
    
    try {
      postReturn6Async = WebAssembly.promising(exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.snapshot']);
    } catch(err) {
      postReturn6Async = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.snapshot'];
    }
    
    manager010StaticManagerCreate = exports1['opencode:background-agent/manager@0.1.0#[static]manager.create'];
    manager010MethodManagerLaunch = exports1['opencode:background-agent/manager@0.1.0#[method]manager.launch'];
    manager010MethodManagerCancel = exports1['opencode:background-agent/manager@0.1.0#[method]manager.cancel'];
    manager010MethodManagerCancelAll = exports1['opencode:background-agent/manager@0.1.0#[method]manager.cancel-all'];
    manager010MethodManagerHandleEvent = exports1['opencode:background-agent/manager@0.1.0#[method]manager.handle-event'];
    manager010MethodManagerComplete = exports1['opencode:background-agent/manager@0.1.0#[method]manager.complete'];
    manager010MethodManagerOnTimer = exports1['opencode:background-agent/manager@0.1.0#[method]manager.on-timer'];
    manager010MethodManagerGet = exports1['opencode:background-agent/manager@0.1.0#[method]manager.get'];
    manager010MethodManagerGetBySession = exports1['opencode:background-agent/manager@0.1.0#[method]manager.get-by-session'];
    manager010MethodManagerList = exports1['opencode:background-agent/manager@0.1.0#[method]manager.list'];
    manager010MethodManagerLaunchText = exports1['opencode:background-agent/manager@0.1.0#[method]manager.launch-text'];
    manager010MethodManagerOutputText = exports1['opencode:background-agent/manager@0.1.0#[method]manager.output-text'];
    manager010MethodManagerListText = exports1['opencode:background-agent/manager@0.1.0#[method]manager.list-text'];
    manager010MethodManagerCancelText = exports1['opencode:background-agent/manager@0.1.0#[method]manager.cancel-text'];
    manager010MethodManagerTakeInjection = exports1['opencode:background-agent/manager@0.1.0#[method]manager.take-injection'];
    manager010MethodManagerCompactionContext = exports1['opencode:background-agent/manager@0.1.0#[method]manager.compaction-context'];
    manager010MethodManagerSnapshot = exports1['opencode:background-agent/manager@0.1.0#[method]manager.snapshot'];
    manager010MethodManagerShutdown = exports1['opencode:background-agent/manager@0.1.0#[method]manager.shutdown'];
    manager010MethodManagerMalformedEvents = exports1['opencode:background-agent/manager@0.1.0#[method]manager.malformed-events'];
  })();
  let promise, resolve, reject;
  function normalizeInstantiationError(e) {
    // Native JSPI rejects a suspending import called from a
    // core start function before entering its JS wrapper.
    // At component instantiation time that always means the
    // implicit synchronous task attempted to block.
    if (typeof WebAssembly.SuspendError === 'function' && e instanceof WebAssembly.SuspendError) {
      return new WebAssembly.RuntimeError('cannot block a synchronous task before returning');
    }
    return e;
  }
  function runNext(value) {
    try {
      let done;
      do {
        ({ value, done } = gen.next(value));
      } while (!(value instanceof Promise) && !done);
      if (done) {
        if (resolve) resolve(value);
        else return value;
      }
      if (!promise) promise = new Promise((_resolve, _reject) => (resolve = _resolve, reject= _reject));
      value.then(runNext, e => reject(normalizeInstantiationError(e)));
    }
    catch (e) {
      e = normalizeInstantiationError(e);
      if (reject) reject(e);
      else throw e;
    }
  }
  const maybeSyncReturn = runNext(null);
  return promise || maybeSyncReturn;
})();

await $init;
const manager010 = {
  Manager: Manager,
  
};

export { manager010 as manager, manager010 as 'opencode:background-agent/manager@0.1.0',  }
export const _util = {
  
}

