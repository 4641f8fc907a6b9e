export function instantiate(getCoreModule, imports, instantiateCore = WebAssembly.instantiate) {
  
  class ComponentError extends Error {
    constructor (value) {
      const enumerable = typeof value !== 'string';
      super(enumerable ? `${String(value)} (see error.payload)` : value);
      Object.defineProperty(this, 'payload', { value, enumerable });
    }
  }
  
  let dv = new DataView(new ArrayBuffer());
  const dataView = mem => dv.buffer === mem.buffer ? dv : dv = new DataView(mem.buffer);
  
  const emptyFunc = () => {};
  
  const isNode = typeof process !== 'undefined' && process.versions && process.versions.node;
  let _fs;
  async function fetchCompile (url) {
    if (isNode) {
      _fs = _fs || await import('node:fs/promises');
      return WebAssembly.compile(await _fs.readFile(url));
    }
    return fetch(url).then(WebAssembly.compileStreaming);
  }
  
  function finalizationRegistryCreate (unregister) {
    if (typeof FinalizationRegistry === 'undefined') {
      return { unregister () {} };
    }
    return new FinalizationRegistry(unregister);
  }
  
  const handleTables = [];
  
  const T_FLAG = 1 << 30;
  
  function rscTableCreateOwn (table, rep) {
    const free = table[0] & ~T_FLAG;
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
  
  function rscTableRemove (table, handle) {
    const scope = table[handle << 1];
    const val = table[(handle << 1) + 1];
    const own = (val & T_FLAG) !== 0;
    const rep = val & ~T_FLAG;
    if (val === 0 || (scope & T_FLAG) !== 0) throw new TypeError('Invalid handle');
    table[handle << 1] = table[0] | T_FLAG;
    table[0] = handle | T_FLAG;
    return { rep, scope, own };
  }
  
  const symbolRscHandle = Symbol('handle');
  
  const symbolDispose = Symbol.dispose || Symbol.for('dispose');
  
  function throwInvalidBool() {
    throw new TypeError('invalid variant discriminant for bool');
  }
  
  const toUint64 = val => BigInt.asUintN(64, BigInt(val));
  
  function toUint16(val) {
    val >>>= 0;
    val %= 2 ** 16;
    return val;
  }
  
  function toUint32(val) {
    return val >>> 0;
  }
  
  const utf8Decoder = new TextDecoder();
  
  const utf8Encoder = new TextEncoder();
  
  let utf8EncodedLen = 0;
  function utf8Encode(s, realloc, memory) {
    if (typeof s !== 'string') throw new TypeError('expected a string');
    if (s.length === 0) {
      utf8EncodedLen = 0;
      return 1;
    }
    let buf = utf8Encoder.encode(s);
    let ptr = realloc(0, 0, 1, buf.length);
    new Uint8Array(memory.buffer).set(buf, ptr);
    utf8EncodedLen = buf.length;
    return ptr;
  }
  
  
  if (!getCoreModule) getCoreModule = (name) => fetchCompile(new URL(`./${name}`, import.meta.url));
  const module0 = getCoreModule('background_agent.core.wasm');
  const module1 = getCoreModule('background_agent.core2.wasm');
  const module2 = getCoreModule('background_agent.core3.wasm');
  
  const { call, log, nowMs, persist, randomBytes, setInterest, setTimer, showToast, taskSettled } = imports['opencode:background-agent/host'];
  let gen = (function* init () {
    let exports0;
    
    function trampoline0(arg0, arg1) {
      let variant0;
      switch (arg0) {
        case 0: {
          variant0 = undefined;
          break;
        }
        case 1: {
          variant0 = BigInt.asUintN(64, arg1);
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      setTimer(variant0);
    }
    
    
    function trampoline1() {
      const ret = nowMs();
      return toUint64(ret);
    }
    
    let exports1;
    let memory0;
    let realloc0;
    
    function trampoline4(arg0, arg1, arg2) {
      var ptr0 = arg0;
      var len0 = arg1;
      var result0 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr0, len0));
      if ((arg2 & 4294967292) !== 0) {
        throw new TypeError('flags have extraneous bits set');
      }
      var flags1 = {
        lifecycle: Boolean(arg2 & 1),
        activity: Boolean(arg2 & 2),
      };
      setInterest(result0, flags1);
    }
    
    
    function trampoline5(arg0, arg1) {
      var ptr0 = arg0;
      var len0 = arg1;
      var result0 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr0, len0));
      taskSettled(result0);
    }
    
    
    function trampoline6(arg0, arg1) {
      var ptr0 = arg0;
      var len0 = arg1;
      var result0 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr0, len0));
      persist(result0);
    }
    
    
    function trampoline7(arg0, arg1, arg2, arg3, arg4, arg5) {
      var ptr0 = arg0;
      var len0 = arg1;
      var result0 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr0, len0));
      var ptr1 = arg2;
      var len1 = arg3;
      var result1 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr1, len1));
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
      showToast({
        title: result0,
        message: result1,
        variant: enum2,
        durationMs: arg5 >>> 0,
      });
    }
    
    
    function trampoline8(arg0, arg1, arg2) {
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
      var result1 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr1, len1));
      log(enum0, result1);
    }
    
    
    function trampoline9(arg0) {
      let variant24;
      switch (dataView(memory0).getUint8(arg0 + 8, true)) {
        case 0: {
          var ptr0 = dataView(memory0).getInt32(arg0 + 12, true);
          var len0 = dataView(memory0).getInt32(arg0 + 16, true);
          var result0 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr0, len0));
          var ptr1 = dataView(memory0).getInt32(arg0 + 20, true);
          var len1 = dataView(memory0).getInt32(arg0 + 24, true);
          var result1 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr1, len1));
          var len5 = dataView(memory0).getInt32(arg0 + 32, true);
          var base5 = dataView(memory0).getInt32(arg0 + 28, true);
          var result5 = [];
          for (let i = 0; i < len5; i++) {
            const base = base5 + i * 20;
            var ptr2 = dataView(memory0).getInt32(base + 0, true);
            var len2 = dataView(memory0).getInt32(base + 4, true);
            var result2 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr2, len2));
            var ptr3 = dataView(memory0).getInt32(base + 8, true);
            var len3 = dataView(memory0).getInt32(base + 12, true);
            var result3 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr3, len3));
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
          var ptr6 = dataView(memory0).getInt32(arg0 + 12, true);
          var len6 = dataView(memory0).getInt32(arg0 + 16, true);
          var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
          let variant8;
          switch (dataView(memory0).getUint8(arg0 + 20, true)) {
            case 0: {
              variant8 = undefined;
              break;
            }
            case 1: {
              var ptr7 = dataView(memory0).getInt32(arg0 + 24, true);
              var len7 = dataView(memory0).getInt32(arg0 + 28, true);
              var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
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
              var ptr9 = dataView(memory0).getInt32(arg0 + 36, true);
              var len9 = dataView(memory0).getInt32(arg0 + 40, true);
              var result9 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr9, len9));
              var ptr10 = dataView(memory0).getInt32(arg0 + 44, true);
              var len10 = dataView(memory0).getInt32(arg0 + 48, true);
              var result10 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr10, len10));
              let variant12;
              switch (dataView(memory0).getUint8(arg0 + 52, true)) {
                case 0: {
                  variant12 = undefined;
                  break;
                }
                case 1: {
                  var ptr11 = dataView(memory0).getInt32(arg0 + 56, true);
                  var len11 = dataView(memory0).getInt32(arg0 + 60, true);
                  var result11 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr11, len11));
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
              var ptr14 = dataView(memory0).getInt32(arg0 + 68, true);
              var len14 = dataView(memory0).getInt32(arg0 + 72, true);
              var result14 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr14, len14));
              variant15 = result14;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var len17 = dataView(memory0).getInt32(arg0 + 80, true);
          var base17 = dataView(memory0).getInt32(arg0 + 76, true);
          var result17 = [];
          for (let i = 0; i < len17; i++) {
            const base = base17 + i * 8;
            var ptr16 = dataView(memory0).getInt32(base + 0, true);
            var len16 = dataView(memory0).getInt32(base + 4, true);
            var result16 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr16, len16));
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
          var ptr19 = dataView(memory0).getInt32(arg0 + 12, true);
          var len19 = dataView(memory0).getInt32(arg0 + 16, true);
          var result19 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr19, len19));
          variant24= {
            tag: 'abort-session',
            val: result19
          };
          break;
        }
        case 3: {
          var ptr20 = dataView(memory0).getInt32(arg0 + 12, true);
          var len20 = dataView(memory0).getInt32(arg0 + 16, true);
          var result20 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr20, len20));
          variant24= {
            tag: 'get-session',
            val: result20
          };
          break;
        }
        case 4: {
          var ptr21 = dataView(memory0).getInt32(arg0 + 12, true);
          var len21 = dataView(memory0).getInt32(arg0 + 16, true);
          var result21 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr21, len21));
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
          var ptr23 = dataView(memory0).getInt32(arg0 + 12, true);
          var len23 = dataView(memory0).getInt32(arg0 + 16, true);
          var result23 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr23, len23));
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
      call(BigInt.asUintN(64, dataView(memory0).getBigInt64(arg0 + 0, true)), variant24);
    }
    
    
    function trampoline10(arg0, arg1) {
      const ret = randomBytes(arg0 >>> 0);
      var val0 = ret;
      var len0 = val0.byteLength;
      var ptr0 = realloc0(0, 0, 1, len0 * 1);
      var src0 = new Uint8Array(val0.buffer || val0, val0.byteOffset, len0 * 1);
      (new Uint8Array(memory0.buffer, ptr0, len0 * 1)).set(src0);
      dataView(memory0).setInt32(arg1 + 4, len0, true);
      dataView(memory0).setInt32(arg1 + 0, ptr0, true);
    }
    
    let exports2;
    let postReturn0;
    let postReturn1;
    let postReturn2;
    let postReturn3;
    let postReturn4;
    let postReturn5;
    let postReturn6;
    const handleTable0 = [T_FLAG, 0];
    const finalizationRegistry0 = finalizationRegistryCreate((handle) => {
      const { rep } = rscTableRemove(handleTable0, handle);
      exports0['7'](rep);
    });
    
    handleTables[0] = handleTable0;
    const trampoline2 = rscTableCreateOwn.bind(null, handleTable0);
    function trampoline3(handle) {
      const handleEntry = rscTableRemove(handleTable0, handle);
      if (handleEntry.own) {
        
        exports0['7'](handleEntry.rep);
      }
    }
    Promise.all([module0, module1, module2]).catch(() => {});
    ({ exports: exports0 } = yield instantiateCore(yield module1));
    ({ exports: exports1 } = yield instantiateCore(yield module0, {
      '[export]opencode:background-agent/manager@0.1.0': {
        '[resource-drop]manager': trampoline3,
        '[resource-new]manager': trampoline2,
      },
      'opencode:background-agent/host@0.1.0': {
        call: exports0['5'],
        log: exports0['4'],
        'now-ms': trampoline1,
        persist: exports0['2'],
        'random-bytes': exports0['6'],
        'set-interest': exports0['0'],
        'set-timer': trampoline0,
        'show-toast': exports0['3'],
        'task-settled': exports0['1'],
      },
    }));
    memory0 = exports1.memory;
    realloc0 = exports1.cabi_realloc;
    ({ exports: exports2 } = yield instantiateCore(yield module2, {
      actual: {
        '0': trampoline4,
        '1': trampoline5,
        '2': trampoline6,
        '3': trampoline7,
        '4': trampoline8,
        '5': trampoline9,
        '6': trampoline10,
        '7': exports1['opencode:background-agent/manager@0.1.0#[dtor]manager'],
      },
      shim: {
        $imports: exports0.$imports,
      },
    }));
    postReturn0 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.compaction-context'];
    postReturn1 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel'];
    postReturn2 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-all'];
    postReturn3 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.get-by-session'];
    postReturn4 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.cancel-text'];
    postReturn5 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.output-text'];
    postReturn6 = exports1['cabi_post_opencode:background-agent/manager@0.1.0#[method]manager.snapshot'];
    let manager010StaticManagerCreate;
    
    class Manager{
      constructor () {
        throw new Error('"Manager" resource does not define a constructor');
      }
    }
    
    Manager.create = function create(arg0, arg1) {
      var ptr0 = utf8Encode(arg0, realloc0, memory0);
      var len0 = utf8EncodedLen;
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
        var ptr1 = utf8Encode(e, realloc0, memory0);
        var len1 = utf8EncodedLen;
        variant2_0 = 1;
        variant2_1 = ptr1;
        variant2_2 = len1;
      }
      const ret = manager010StaticManagerCreate(ptr0, len0, variant2_0, variant2_1, variant2_2);
      let variant6;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          var handle4 = dataView(memory0).getInt32(ret + 4, true);
          var rsc3 = new.target === Manager ? this : Object.create(Manager.prototype);
          Object.defineProperty(rsc3, symbolRscHandle, { writable: true, value: handle4});
          finalizationRegistry0.register(rsc3, handle4, rsc3);
          Object.defineProperty(rsc3, symbolDispose, { writable: true, value: function () {
            finalizationRegistry0.unregister(rsc3);
            rscTableRemove(handleTable0, handle4);
            rsc3[symbolDispose] = emptyFunc;
            rsc3[symbolRscHandle] = undefined;
            exports0['7'](handleTable0[(handle4 << 1) + 1] & ~T_FLAG);
          }});
          variant6= {
            tag: 'ok',
            val: rsc3
          };
          break;
        }
        case 1: {
          var ptr5 = dataView(memory0).getInt32(ret + 4, true);
          var len5 = dataView(memory0).getInt32(ret + 8, true);
          var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
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
      const retVal = variant6;
      postReturn0(ret);
      if (typeof retVal === 'object' && retVal.tag === 'err') {
        throw new ComponentError(retVal.val);
      }
      return retVal.val;
    };
    let manager010MethodManagerLaunch;
    
    Manager.prototype.launch = function launch(arg1) {
      var ptr0 = realloc0(0, 0, 4, 144);
      var handle2 = this[symbolRscHandle];
      if (!handle2 || (handleTable0[(handle2 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle1 = handleTable0[(handle2 << 1) + 1] & ~T_FLAG;
      dataView(memory0).setInt32(ptr0 + 0, handle1, true);
      var {parentSessionId: v3_0, parentMessageId: v3_1, parentAgent: v3_2, parentModel: v3_3, description: v3_4, prompt: v3_5, agent: v3_6, model: v3_7, system: v3_8, fallback: v3_9 } = arg1;
      var ptr4 = utf8Encode(v3_0, realloc0, memory0);
      var len4 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 8, len4, true);
      dataView(memory0).setInt32(ptr0 + 4, ptr4, true);
      var variant6 = v3_1;
      if (variant6 === null || variant6=== undefined) {
        dataView(memory0).setInt8(ptr0 + 12, 0, true);
      } else {
        const e = variant6;
        dataView(memory0).setInt8(ptr0 + 12, 1, true);
        var ptr5 = utf8Encode(e, realloc0, memory0);
        var len5 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 20, len5, true);
        dataView(memory0).setInt32(ptr0 + 16, ptr5, true);
      }
      var variant8 = v3_2;
      if (variant8 === null || variant8=== undefined) {
        dataView(memory0).setInt8(ptr0 + 24, 0, true);
      } else {
        const e = variant8;
        dataView(memory0).setInt8(ptr0 + 24, 1, true);
        var ptr7 = utf8Encode(e, realloc0, memory0);
        var len7 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 32, len7, true);
        dataView(memory0).setInt32(ptr0 + 28, ptr7, true);
      }
      var variant14 = v3_3;
      if (variant14 === null || variant14=== undefined) {
        dataView(memory0).setInt8(ptr0 + 36, 0, true);
      } else {
        const e = variant14;
        dataView(memory0).setInt8(ptr0 + 36, 1, true);
        var {providerId: v9_0, modelId: v9_1, variant: v9_2 } = e;
        var ptr10 = utf8Encode(v9_0, realloc0, memory0);
        var len10 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 44, len10, true);
        dataView(memory0).setInt32(ptr0 + 40, ptr10, true);
        var ptr11 = utf8Encode(v9_1, realloc0, memory0);
        var len11 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 52, len11, true);
        dataView(memory0).setInt32(ptr0 + 48, ptr11, true);
        var variant13 = v9_2;
        if (variant13 === null || variant13=== undefined) {
          dataView(memory0).setInt8(ptr0 + 56, 0, true);
        } else {
          const e = variant13;
          dataView(memory0).setInt8(ptr0 + 56, 1, true);
          var ptr12 = utf8Encode(e, realloc0, memory0);
          var len12 = utf8EncodedLen;
          dataView(memory0).setInt32(ptr0 + 64, len12, true);
          dataView(memory0).setInt32(ptr0 + 60, ptr12, true);
        }
      }
      var ptr15 = utf8Encode(v3_4, realloc0, memory0);
      var len15 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 72, len15, true);
      dataView(memory0).setInt32(ptr0 + 68, ptr15, true);
      var ptr16 = utf8Encode(v3_5, realloc0, memory0);
      var len16 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 80, len16, true);
      dataView(memory0).setInt32(ptr0 + 76, ptr16, true);
      var ptr17 = utf8Encode(v3_6, realloc0, memory0);
      var len17 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 88, len17, true);
      dataView(memory0).setInt32(ptr0 + 84, ptr17, true);
      var variant23 = v3_7;
      if (variant23 === null || variant23=== undefined) {
        dataView(memory0).setInt8(ptr0 + 92, 0, true);
      } else {
        const e = variant23;
        dataView(memory0).setInt8(ptr0 + 92, 1, true);
        var {providerId: v18_0, modelId: v18_1, variant: v18_2 } = e;
        var ptr19 = utf8Encode(v18_0, realloc0, memory0);
        var len19 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 100, len19, true);
        dataView(memory0).setInt32(ptr0 + 96, ptr19, true);
        var ptr20 = utf8Encode(v18_1, realloc0, memory0);
        var len20 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 108, len20, true);
        dataView(memory0).setInt32(ptr0 + 104, ptr20, true);
        var variant22 = v18_2;
        if (variant22 === null || variant22=== undefined) {
          dataView(memory0).setInt8(ptr0 + 112, 0, true);
        } else {
          const e = variant22;
          dataView(memory0).setInt8(ptr0 + 112, 1, true);
          var ptr21 = utf8Encode(e, realloc0, memory0);
          var len21 = utf8EncodedLen;
          dataView(memory0).setInt32(ptr0 + 120, len21, true);
          dataView(memory0).setInt32(ptr0 + 116, ptr21, true);
        }
      }
      var variant25 = v3_8;
      if (variant25 === null || variant25=== undefined) {
        dataView(memory0).setInt8(ptr0 + 124, 0, true);
      } else {
        const e = variant25;
        dataView(memory0).setInt8(ptr0 + 124, 1, true);
        var ptr24 = utf8Encode(e, realloc0, memory0);
        var len24 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 132, len24, true);
        dataView(memory0).setInt32(ptr0 + 128, ptr24, true);
      }
      var vec31 = v3_9;
      var len31 = vec31.length;
      var result31 = realloc0(0, 0, 4, len31 * 28);
      for (let i = 0; i < vec31.length; i++) {
        const e = vec31[i];
        const base = result31 + i * 28;var {providerId: v26_0, modelId: v26_1, variant: v26_2 } = e;
        var ptr27 = utf8Encode(v26_0, realloc0, memory0);
        var len27 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 4, len27, true);
        dataView(memory0).setInt32(base + 0, ptr27, true);
        var ptr28 = utf8Encode(v26_1, realloc0, memory0);
        var len28 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 12, len28, true);
        dataView(memory0).setInt32(base + 8, ptr28, true);
        var variant30 = v26_2;
        if (variant30 === null || variant30=== undefined) {
          dataView(memory0).setInt8(base + 16, 0, true);
        } else {
          const e = variant30;
          dataView(memory0).setInt8(base + 16, 1, true);
          var ptr29 = utf8Encode(e, realloc0, memory0);
          var len29 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 24, len29, true);
          dataView(memory0).setInt32(base + 20, ptr29, true);
        }
      }
      dataView(memory0).setInt32(ptr0 + 140, len31, true);
      dataView(memory0).setInt32(ptr0 + 136, result31, true);
      const ret = manager010MethodManagerLaunch(ptr0);
      let variant62;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          var ptr32 = dataView(memory0).getInt32(ret + 8, true);
          var len32 = dataView(memory0).getInt32(ret + 12, true);
          var result32 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr32, len32));
          var ptr33 = dataView(memory0).getInt32(ret + 16, true);
          var len33 = dataView(memory0).getInt32(ret + 20, true);
          var result33 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr33, len33));
          var ptr34 = dataView(memory0).getInt32(ret + 24, true);
          var len34 = dataView(memory0).getInt32(ret + 28, true);
          var result34 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr34, len34));
          let variant39;
          switch (dataView(memory0).getUint8(ret + 32, true)) {
            case 0: {
              variant39 = undefined;
              break;
            }
            case 1: {
              var ptr35 = dataView(memory0).getInt32(ret + 36, true);
              var len35 = dataView(memory0).getInt32(ret + 40, true);
              var result35 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr35, len35));
              var ptr36 = dataView(memory0).getInt32(ret + 44, true);
              var len36 = dataView(memory0).getInt32(ret + 48, true);
              var result36 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr36, len36));
              let variant38;
              switch (dataView(memory0).getUint8(ret + 52, true)) {
                case 0: {
                  variant38 = undefined;
                  break;
                }
                case 1: {
                  var ptr37 = dataView(memory0).getInt32(ret + 56, true);
                  var len37 = dataView(memory0).getInt32(ret + 60, true);
                  var result37 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr37, len37));
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
          var ptr41 = dataView(memory0).getInt32(ret + 68, true);
          var len41 = dataView(memory0).getInt32(ret + 72, true);
          var result41 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr41, len41));
          let variant43;
          switch (dataView(memory0).getUint8(ret + 76, true)) {
            case 0: {
              variant43 = undefined;
              break;
            }
            case 1: {
              var ptr42 = dataView(memory0).getInt32(ret + 80, true);
              var len42 = dataView(memory0).getInt32(ret + 84, true);
              var result42 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr42, len42));
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
              variant44 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 104, true));
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
              variant45 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 120, true));
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
              var ptr46 = dataView(memory0).getInt32(ret + 132, true);
              var len46 = dataView(memory0).getInt32(ret + 136, true);
              var result46 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr46, len46));
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
              var ptr48 = dataView(memory0).getInt32(ret + 144, true);
              var len48 = dataView(memory0).getInt32(ret + 148, true);
              var result48 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr48, len48));
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
              var ptr50 = dataView(memory0).getInt32(ret + 160, true);
              var len50 = dataView(memory0).getInt32(ret + 164, true);
              var result50 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr50, len50));
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
              variant52 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 176, true));
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
              var ptr53 = dataView(memory0).getInt32(ret + 188, true);
              var len53 = dataView(memory0).getInt32(ret + 192, true);
              var result53 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr53, len53));
              variant54 = result53;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var ptr55 = dataView(memory0).getInt32(ret + 224, true);
          var len55 = dataView(memory0).getInt32(ret + 228, true);
          var result55 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr55, len55));
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
              queuedAt: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 88, true)),
              startedAt: variant44,
              completedAt: variant45,
              error: variant47,
              result: variant49,
              progress: {
                toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                lastTool: variant51,
                lastActivityAt: variant52,
                lastMessage: variant54,
                tokensIn: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 200, true)),
                tokensOut: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 208, true)),
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
              var ptr56 = dataView(memory0).getInt32(ret + 12, true);
              var len56 = dataView(memory0).getInt32(ret + 16, true);
              var result56 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr56, len56));
              variant61= {
                tag: 'invalid',
                val: result56
              };
              break;
            }
            case 1: {
              var ptr57 = dataView(memory0).getInt32(ret + 12, true);
              var len57 = dataView(memory0).getInt32(ret + 16, true);
              var result57 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr57, len57));
              variant61= {
                tag: 'not-found',
                val: result57
              };
              break;
            }
            case 2: {
              var ptr58 = dataView(memory0).getInt32(ret + 12, true);
              var len58 = dataView(memory0).getInt32(ret + 16, true);
              var result58 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr58, len58));
              variant61= {
                tag: 'forbidden',
                val: result58
              };
              break;
            }
            case 3: {
              var ptr59 = dataView(memory0).getInt32(ret + 12, true);
              var len59 = dataView(memory0).getInt32(ret + 16, true);
              var result59 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr59, len59));
              variant61= {
                tag: 'limit',
                val: result59
              };
              break;
            }
            case 4: {
              var ptr60 = dataView(memory0).getInt32(ret + 12, true);
              var len60 = dataView(memory0).getInt32(ret + 16, true);
              var result60 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr60, len60));
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
      const retVal = variant62;
      postReturn1(ret);
      if (typeof retVal === 'object' && retVal.tag === 'err') {
        throw new ComponentError(retVal.val);
      }
      return retVal.val;
    };
    let manager010MethodManagerCancel;
    
    Manager.prototype.cancel = function cancel(arg1, arg2, arg3) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      var ptr3 = utf8Encode(arg2, realloc0, memory0);
      var len3 = utf8EncodedLen;
      var {abortSession: v4_0, notifyParent: v4_1 } = arg3;
      const ret = manager010MethodManagerCancel(handle0, ptr2, len2, ptr3, len3, v4_0 ? 1 : 0, v4_1 ? 1 : 0);
      let variant35;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          var ptr5 = dataView(memory0).getInt32(ret + 8, true);
          var len5 = dataView(memory0).getInt32(ret + 12, true);
          var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
          var ptr6 = dataView(memory0).getInt32(ret + 16, true);
          var len6 = dataView(memory0).getInt32(ret + 20, true);
          var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
          var ptr7 = dataView(memory0).getInt32(ret + 24, true);
          var len7 = dataView(memory0).getInt32(ret + 28, true);
          var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
          let variant12;
          switch (dataView(memory0).getUint8(ret + 32, true)) {
            case 0: {
              variant12 = undefined;
              break;
            }
            case 1: {
              var ptr8 = dataView(memory0).getInt32(ret + 36, true);
              var len8 = dataView(memory0).getInt32(ret + 40, true);
              var result8 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr8, len8));
              var ptr9 = dataView(memory0).getInt32(ret + 44, true);
              var len9 = dataView(memory0).getInt32(ret + 48, true);
              var result9 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr9, len9));
              let variant11;
              switch (dataView(memory0).getUint8(ret + 52, true)) {
                case 0: {
                  variant11 = undefined;
                  break;
                }
                case 1: {
                  var ptr10 = dataView(memory0).getInt32(ret + 56, true);
                  var len10 = dataView(memory0).getInt32(ret + 60, true);
                  var result10 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr10, len10));
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
          var ptr14 = dataView(memory0).getInt32(ret + 68, true);
          var len14 = dataView(memory0).getInt32(ret + 72, true);
          var result14 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr14, len14));
          let variant16;
          switch (dataView(memory0).getUint8(ret + 76, true)) {
            case 0: {
              variant16 = undefined;
              break;
            }
            case 1: {
              var ptr15 = dataView(memory0).getInt32(ret + 80, true);
              var len15 = dataView(memory0).getInt32(ret + 84, true);
              var result15 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr15, len15));
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
              variant17 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 104, true));
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
              variant18 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 120, true));
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
              var ptr19 = dataView(memory0).getInt32(ret + 132, true);
              var len19 = dataView(memory0).getInt32(ret + 136, true);
              var result19 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr19, len19));
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
              var ptr21 = dataView(memory0).getInt32(ret + 144, true);
              var len21 = dataView(memory0).getInt32(ret + 148, true);
              var result21 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr21, len21));
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
              var ptr23 = dataView(memory0).getInt32(ret + 160, true);
              var len23 = dataView(memory0).getInt32(ret + 164, true);
              var result23 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr23, len23));
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
              variant25 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 176, true));
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
              var ptr26 = dataView(memory0).getInt32(ret + 188, true);
              var len26 = dataView(memory0).getInt32(ret + 192, true);
              var result26 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr26, len26));
              variant27 = result26;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var ptr28 = dataView(memory0).getInt32(ret + 224, true);
          var len28 = dataView(memory0).getInt32(ret + 228, true);
          var result28 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr28, len28));
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
              queuedAt: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 88, true)),
              startedAt: variant17,
              completedAt: variant18,
              error: variant20,
              result: variant22,
              progress: {
                toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                lastTool: variant24,
                lastActivityAt: variant25,
                lastMessage: variant27,
                tokensIn: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 200, true)),
                tokensOut: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 208, true)),
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
              var ptr29 = dataView(memory0).getInt32(ret + 12, true);
              var len29 = dataView(memory0).getInt32(ret + 16, true);
              var result29 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr29, len29));
              variant34= {
                tag: 'invalid',
                val: result29
              };
              break;
            }
            case 1: {
              var ptr30 = dataView(memory0).getInt32(ret + 12, true);
              var len30 = dataView(memory0).getInt32(ret + 16, true);
              var result30 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr30, len30));
              variant34= {
                tag: 'not-found',
                val: result30
              };
              break;
            }
            case 2: {
              var ptr31 = dataView(memory0).getInt32(ret + 12, true);
              var len31 = dataView(memory0).getInt32(ret + 16, true);
              var result31 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr31, len31));
              variant34= {
                tag: 'forbidden',
                val: result31
              };
              break;
            }
            case 3: {
              var ptr32 = dataView(memory0).getInt32(ret + 12, true);
              var len32 = dataView(memory0).getInt32(ret + 16, true);
              var result32 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr32, len32));
              variant34= {
                tag: 'limit',
                val: result32
              };
              break;
            }
            case 4: {
              var ptr33 = dataView(memory0).getInt32(ret + 12, true);
              var len33 = dataView(memory0).getInt32(ret + 16, true);
              var result33 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr33, len33));
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
      const retVal = variant35;
      postReturn1(ret);
      if (typeof retVal === 'object' && retVal.tag === 'err') {
        throw new ComponentError(retVal.val);
      }
      return retVal.val;
    };
    let manager010MethodManagerCancelAll;
    
    Manager.prototype.cancelAll = function cancelAll(arg1, arg2) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      var {abortSession: v3_0, notifyParent: v3_1 } = arg2;
      const ret = manager010MethodManagerCancelAll(handle0, ptr2, len2, v3_0 ? 1 : 0, v3_1 ? 1 : 0);
      var len28 = dataView(memory0).getInt32(ret + 4, true);
      var base28 = dataView(memory0).getInt32(ret + 0, true);
      var result28 = [];
      for (let i = 0; i < len28; i++) {
        const base = base28 + i * 232;
        var ptr4 = dataView(memory0).getInt32(base + 0, true);
        var len4 = dataView(memory0).getInt32(base + 4, true);
        var result4 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr4, len4));
        var ptr5 = dataView(memory0).getInt32(base + 8, true);
        var len5 = dataView(memory0).getInt32(base + 12, true);
        var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
        var ptr6 = dataView(memory0).getInt32(base + 16, true);
        var len6 = dataView(memory0).getInt32(base + 20, true);
        var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
        let variant11;
        switch (dataView(memory0).getUint8(base + 24, true)) {
          case 0: {
            variant11 = undefined;
            break;
          }
          case 1: {
            var ptr7 = dataView(memory0).getInt32(base + 28, true);
            var len7 = dataView(memory0).getInt32(base + 32, true);
            var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
            var ptr8 = dataView(memory0).getInt32(base + 36, true);
            var len8 = dataView(memory0).getInt32(base + 40, true);
            var result8 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr8, len8));
            let variant10;
            switch (dataView(memory0).getUint8(base + 44, true)) {
              case 0: {
                variant10 = undefined;
                break;
              }
              case 1: {
                var ptr9 = dataView(memory0).getInt32(base + 48, true);
                var len9 = dataView(memory0).getInt32(base + 52, true);
                var result9 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr9, len9));
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
        var ptr13 = dataView(memory0).getInt32(base + 60, true);
        var len13 = dataView(memory0).getInt32(base + 64, true);
        var result13 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr13, len13));
        let variant15;
        switch (dataView(memory0).getUint8(base + 68, true)) {
          case 0: {
            variant15 = undefined;
            break;
          }
          case 1: {
            var ptr14 = dataView(memory0).getInt32(base + 72, true);
            var len14 = dataView(memory0).getInt32(base + 76, true);
            var result14 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr14, len14));
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
            variant16 = BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 96, true));
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
            variant17 = BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 112, true));
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
            var ptr18 = dataView(memory0).getInt32(base + 124, true);
            var len18 = dataView(memory0).getInt32(base + 128, true);
            var result18 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr18, len18));
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
            var ptr20 = dataView(memory0).getInt32(base + 136, true);
            var len20 = dataView(memory0).getInt32(base + 140, true);
            var result20 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr20, len20));
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
            var ptr22 = dataView(memory0).getInt32(base + 152, true);
            var len22 = dataView(memory0).getInt32(base + 156, true);
            var result22 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr22, len22));
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
            variant24 = BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 168, true));
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
            var ptr25 = dataView(memory0).getInt32(base + 180, true);
            var len25 = dataView(memory0).getInt32(base + 184, true);
            var result25 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr25, len25));
            variant26 = result25;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        var ptr27 = dataView(memory0).getInt32(base + 216, true);
        var len27 = dataView(memory0).getInt32(base + 220, true);
        var result27 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr27, len27));
        result28.push({
          id: result4,
          description: result5,
          agent: result6,
          model: variant11,
          status: enum12,
          parentSessionId: result13,
          sessionId: variant15,
          queuedAt: BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 80, true)),
          startedAt: variant16,
          completedAt: variant17,
          error: variant19,
          result: variant21,
          progress: {
            toolCalls: dataView(memory0).getInt32(base + 144, true) >>> 0,
            lastTool: variant23,
            lastActivityAt: variant24,
            lastMessage: variant26,
            tokensIn: BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 192, true)),
            tokensOut: BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 200, true)),
            cost: dataView(memory0).getFloat64(base + 208, true),
          },
          concurrencyKey: result27,
          attempts: dataView(memory0).getInt32(base + 224, true) >>> 0,
          depth: dataView(memory0).getInt32(base + 228, true) >>> 0,
        });
      }
      const retVal = result28;
      postReturn2(ret);
      return retVal;
    };
    let manager010MethodManagerHandleEvent;
    
    Manager.prototype.handleEvent = function handleEvent(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
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
          var ptr3 = utf8Encode(v2_0, realloc0, memory0);
          var len3 = utf8EncodedLen;
          var ptr4 = utf8Encode(v2_1, realloc0, memory0);
          var len4 = utf8EncodedLen;
          var ptr5 = utf8Encode(v2_2, realloc0, memory0);
          var len5 = utf8EncodedLen;
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
          var ptr7 = utf8Encode(v6_0, realloc0, memory0);
          var len7 = utf8EncodedLen;
          var ptr8 = utf8Encode(v6_1, realloc0, memory0);
          var len8 = utf8EncodedLen;
          var ptr9 = utf8Encode(v6_2, realloc0, memory0);
          var len9 = utf8EncodedLen;
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
      manager010MethodManagerHandleEvent(handle0, variant10_0, variant10_1, variant10_2, variant10_3, variant10_4, variant10_5, variant10_6);
    };
    let manager010MethodManagerComplete;
    
    Manager.prototype.complete = function complete(arg1, arg2) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
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
          var ptr2 = utf8Encode(e, realloc0, memory0);
          var len2 = utf8EncodedLen;
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
          var ptr5 = utf8Encode(v3_1, realloc0, memory0);
          var len5 = utf8EncodedLen;
          var ptr6 = utf8Encode(v3_2, realloc0, memory0);
          var len6 = utf8EncodedLen;
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
          throw new TypeError('invalid variant specified for result');
        }
      }
      manager010MethodManagerComplete(handle0, toUint64(arg1), variant7_0, variant7_1, variant7_2, variant7_3, variant7_4, variant7_5, variant7_6);
    };
    let manager010MethodManagerOnTimer;
    
    Manager.prototype.onTimer = function onTimer() {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      manager010MethodManagerOnTimer(handle0);
    };
    let manager010MethodManagerGet;
    
    Manager.prototype.get = function get(arg1, arg2) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      var ptr3 = utf8Encode(arg2, realloc0, memory0);
      var len3 = utf8EncodedLen;
      const ret = manager010MethodManagerGet(handle0, ptr2, len2, ptr3, len3);
      let variant34;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          var ptr4 = dataView(memory0).getInt32(ret + 8, true);
          var len4 = dataView(memory0).getInt32(ret + 12, true);
          var result4 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr4, len4));
          var ptr5 = dataView(memory0).getInt32(ret + 16, true);
          var len5 = dataView(memory0).getInt32(ret + 20, true);
          var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
          var ptr6 = dataView(memory0).getInt32(ret + 24, true);
          var len6 = dataView(memory0).getInt32(ret + 28, true);
          var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
          let variant11;
          switch (dataView(memory0).getUint8(ret + 32, true)) {
            case 0: {
              variant11 = undefined;
              break;
            }
            case 1: {
              var ptr7 = dataView(memory0).getInt32(ret + 36, true);
              var len7 = dataView(memory0).getInt32(ret + 40, true);
              var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
              var ptr8 = dataView(memory0).getInt32(ret + 44, true);
              var len8 = dataView(memory0).getInt32(ret + 48, true);
              var result8 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr8, len8));
              let variant10;
              switch (dataView(memory0).getUint8(ret + 52, true)) {
                case 0: {
                  variant10 = undefined;
                  break;
                }
                case 1: {
                  var ptr9 = dataView(memory0).getInt32(ret + 56, true);
                  var len9 = dataView(memory0).getInt32(ret + 60, true);
                  var result9 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr9, len9));
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
          var ptr13 = dataView(memory0).getInt32(ret + 68, true);
          var len13 = dataView(memory0).getInt32(ret + 72, true);
          var result13 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr13, len13));
          let variant15;
          switch (dataView(memory0).getUint8(ret + 76, true)) {
            case 0: {
              variant15 = undefined;
              break;
            }
            case 1: {
              var ptr14 = dataView(memory0).getInt32(ret + 80, true);
              var len14 = dataView(memory0).getInt32(ret + 84, true);
              var result14 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr14, len14));
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
              variant16 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 104, true));
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
              variant17 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 120, true));
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
              var ptr18 = dataView(memory0).getInt32(ret + 132, true);
              var len18 = dataView(memory0).getInt32(ret + 136, true);
              var result18 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr18, len18));
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
              var ptr20 = dataView(memory0).getInt32(ret + 144, true);
              var len20 = dataView(memory0).getInt32(ret + 148, true);
              var result20 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr20, len20));
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
              var ptr22 = dataView(memory0).getInt32(ret + 160, true);
              var len22 = dataView(memory0).getInt32(ret + 164, true);
              var result22 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr22, len22));
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
              variant24 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 176, true));
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
              var ptr25 = dataView(memory0).getInt32(ret + 188, true);
              var len25 = dataView(memory0).getInt32(ret + 192, true);
              var result25 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr25, len25));
              variant26 = result25;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var ptr27 = dataView(memory0).getInt32(ret + 224, true);
          var len27 = dataView(memory0).getInt32(ret + 228, true);
          var result27 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr27, len27));
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
              queuedAt: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 88, true)),
              startedAt: variant16,
              completedAt: variant17,
              error: variant19,
              result: variant21,
              progress: {
                toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
                lastTool: variant23,
                lastActivityAt: variant24,
                lastMessage: variant26,
                tokensIn: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 200, true)),
                tokensOut: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 208, true)),
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
              var ptr28 = dataView(memory0).getInt32(ret + 12, true);
              var len28 = dataView(memory0).getInt32(ret + 16, true);
              var result28 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr28, len28));
              variant33= {
                tag: 'invalid',
                val: result28
              };
              break;
            }
            case 1: {
              var ptr29 = dataView(memory0).getInt32(ret + 12, true);
              var len29 = dataView(memory0).getInt32(ret + 16, true);
              var result29 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr29, len29));
              variant33= {
                tag: 'not-found',
                val: result29
              };
              break;
            }
            case 2: {
              var ptr30 = dataView(memory0).getInt32(ret + 12, true);
              var len30 = dataView(memory0).getInt32(ret + 16, true);
              var result30 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr30, len30));
              variant33= {
                tag: 'forbidden',
                val: result30
              };
              break;
            }
            case 3: {
              var ptr31 = dataView(memory0).getInt32(ret + 12, true);
              var len31 = dataView(memory0).getInt32(ret + 16, true);
              var result31 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr31, len31));
              variant33= {
                tag: 'limit',
                val: result31
              };
              break;
            }
            case 4: {
              var ptr32 = dataView(memory0).getInt32(ret + 12, true);
              var len32 = dataView(memory0).getInt32(ret + 16, true);
              var result32 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr32, len32));
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
      const retVal = variant34;
      postReturn1(ret);
      if (typeof retVal === 'object' && retVal.tag === 'err') {
        throw new ComponentError(retVal.val);
      }
      return retVal.val;
    };
    let manager010MethodManagerGetBySession;
    
    Manager.prototype.getBySession = function getBySession(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      const ret = manager010MethodManagerGetBySession(handle0, ptr2, len2);
      let variant27;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          variant27 = undefined;
          break;
        }
        case 1: {
          var ptr3 = dataView(memory0).getInt32(ret + 8, true);
          var len3 = dataView(memory0).getInt32(ret + 12, true);
          var result3 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr3, len3));
          var ptr4 = dataView(memory0).getInt32(ret + 16, true);
          var len4 = dataView(memory0).getInt32(ret + 20, true);
          var result4 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr4, len4));
          var ptr5 = dataView(memory0).getInt32(ret + 24, true);
          var len5 = dataView(memory0).getInt32(ret + 28, true);
          var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
          let variant10;
          switch (dataView(memory0).getUint8(ret + 32, true)) {
            case 0: {
              variant10 = undefined;
              break;
            }
            case 1: {
              var ptr6 = dataView(memory0).getInt32(ret + 36, true);
              var len6 = dataView(memory0).getInt32(ret + 40, true);
              var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
              var ptr7 = dataView(memory0).getInt32(ret + 44, true);
              var len7 = dataView(memory0).getInt32(ret + 48, true);
              var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
              let variant9;
              switch (dataView(memory0).getUint8(ret + 52, true)) {
                case 0: {
                  variant9 = undefined;
                  break;
                }
                case 1: {
                  var ptr8 = dataView(memory0).getInt32(ret + 56, true);
                  var len8 = dataView(memory0).getInt32(ret + 60, true);
                  var result8 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr8, len8));
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
          var ptr12 = dataView(memory0).getInt32(ret + 68, true);
          var len12 = dataView(memory0).getInt32(ret + 72, true);
          var result12 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr12, len12));
          let variant14;
          switch (dataView(memory0).getUint8(ret + 76, true)) {
            case 0: {
              variant14 = undefined;
              break;
            }
            case 1: {
              var ptr13 = dataView(memory0).getInt32(ret + 80, true);
              var len13 = dataView(memory0).getInt32(ret + 84, true);
              var result13 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr13, len13));
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
              variant15 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 104, true));
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
              variant16 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 120, true));
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
              var ptr17 = dataView(memory0).getInt32(ret + 132, true);
              var len17 = dataView(memory0).getInt32(ret + 136, true);
              var result17 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr17, len17));
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
              var ptr19 = dataView(memory0).getInt32(ret + 144, true);
              var len19 = dataView(memory0).getInt32(ret + 148, true);
              var result19 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr19, len19));
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
              var ptr21 = dataView(memory0).getInt32(ret + 160, true);
              var len21 = dataView(memory0).getInt32(ret + 164, true);
              var result21 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr21, len21));
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
              variant23 = BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 176, true));
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
              var ptr24 = dataView(memory0).getInt32(ret + 188, true);
              var len24 = dataView(memory0).getInt32(ret + 192, true);
              var result24 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr24, len24));
              variant25 = result24;
              break;
            }
            default: {
              throw new TypeError('invalid variant discriminant for option');
            }
          }
          var ptr26 = dataView(memory0).getInt32(ret + 224, true);
          var len26 = dataView(memory0).getInt32(ret + 228, true);
          var result26 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr26, len26));
          variant27 = {
            id: result3,
            description: result4,
            agent: result5,
            model: variant10,
            status: enum11,
            parentSessionId: result12,
            sessionId: variant14,
            queuedAt: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 88, true)),
            startedAt: variant15,
            completedAt: variant16,
            error: variant18,
            result: variant20,
            progress: {
              toolCalls: dataView(memory0).getInt32(ret + 152, true) >>> 0,
              lastTool: variant22,
              lastActivityAt: variant23,
              lastMessage: variant25,
              tokensIn: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 200, true)),
              tokensOut: BigInt.asUintN(64, dataView(memory0).getBigInt64(ret + 208, true)),
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
      const retVal = variant27;
      postReturn3(ret);
      return retVal;
    };
    let manager010MethodManagerList;
    
    Manager.prototype.list = function list(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      const ret = manager010MethodManagerList(handle0, ptr2, len2);
      var len27 = dataView(memory0).getInt32(ret + 4, true);
      var base27 = dataView(memory0).getInt32(ret + 0, true);
      var result27 = [];
      for (let i = 0; i < len27; i++) {
        const base = base27 + i * 232;
        var ptr3 = dataView(memory0).getInt32(base + 0, true);
        var len3 = dataView(memory0).getInt32(base + 4, true);
        var result3 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr3, len3));
        var ptr4 = dataView(memory0).getInt32(base + 8, true);
        var len4 = dataView(memory0).getInt32(base + 12, true);
        var result4 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr4, len4));
        var ptr5 = dataView(memory0).getInt32(base + 16, true);
        var len5 = dataView(memory0).getInt32(base + 20, true);
        var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
        let variant10;
        switch (dataView(memory0).getUint8(base + 24, true)) {
          case 0: {
            variant10 = undefined;
            break;
          }
          case 1: {
            var ptr6 = dataView(memory0).getInt32(base + 28, true);
            var len6 = dataView(memory0).getInt32(base + 32, true);
            var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
            var ptr7 = dataView(memory0).getInt32(base + 36, true);
            var len7 = dataView(memory0).getInt32(base + 40, true);
            var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
            let variant9;
            switch (dataView(memory0).getUint8(base + 44, true)) {
              case 0: {
                variant9 = undefined;
                break;
              }
              case 1: {
                var ptr8 = dataView(memory0).getInt32(base + 48, true);
                var len8 = dataView(memory0).getInt32(base + 52, true);
                var result8 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr8, len8));
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
        var ptr12 = dataView(memory0).getInt32(base + 60, true);
        var len12 = dataView(memory0).getInt32(base + 64, true);
        var result12 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr12, len12));
        let variant14;
        switch (dataView(memory0).getUint8(base + 68, true)) {
          case 0: {
            variant14 = undefined;
            break;
          }
          case 1: {
            var ptr13 = dataView(memory0).getInt32(base + 72, true);
            var len13 = dataView(memory0).getInt32(base + 76, true);
            var result13 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr13, len13));
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
            variant15 = BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 96, true));
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
            variant16 = BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 112, true));
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
            var ptr17 = dataView(memory0).getInt32(base + 124, true);
            var len17 = dataView(memory0).getInt32(base + 128, true);
            var result17 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr17, len17));
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
            var ptr19 = dataView(memory0).getInt32(base + 136, true);
            var len19 = dataView(memory0).getInt32(base + 140, true);
            var result19 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr19, len19));
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
            var ptr21 = dataView(memory0).getInt32(base + 152, true);
            var len21 = dataView(memory0).getInt32(base + 156, true);
            var result21 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr21, len21));
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
            variant23 = BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 168, true));
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
            var ptr24 = dataView(memory0).getInt32(base + 180, true);
            var len24 = dataView(memory0).getInt32(base + 184, true);
            var result24 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr24, len24));
            variant25 = result24;
            break;
          }
          default: {
            throw new TypeError('invalid variant discriminant for option');
          }
        }
        var ptr26 = dataView(memory0).getInt32(base + 216, true);
        var len26 = dataView(memory0).getInt32(base + 220, true);
        var result26 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr26, len26));
        result27.push({
          id: result3,
          description: result4,
          agent: result5,
          model: variant10,
          status: enum11,
          parentSessionId: result12,
          sessionId: variant14,
          queuedAt: BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 80, true)),
          startedAt: variant15,
          completedAt: variant16,
          error: variant18,
          result: variant20,
          progress: {
            toolCalls: dataView(memory0).getInt32(base + 144, true) >>> 0,
            lastTool: variant22,
            lastActivityAt: variant23,
            lastMessage: variant25,
            tokensIn: BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 192, true)),
            tokensOut: BigInt.asUintN(64, dataView(memory0).getBigInt64(base + 200, true)),
            cost: dataView(memory0).getFloat64(base + 208, true),
          },
          concurrencyKey: result26,
          attempts: dataView(memory0).getInt32(base + 224, true) >>> 0,
          depth: dataView(memory0).getInt32(base + 228, true) >>> 0,
        });
      }
      const retVal = result27;
      postReturn2(ret);
      return retVal;
    };
    let manager010MethodManagerLaunchText;
    
    Manager.prototype.launchText = function launchText(arg1) {
      var ptr0 = realloc0(0, 0, 8, 240);
      var handle2 = this[symbolRscHandle];
      if (!handle2 || (handleTable0[(handle2 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle1 = handleTable0[(handle2 << 1) + 1] & ~T_FLAG;
      dataView(memory0).setInt32(ptr0 + 0, handle1, true);
      var {id: v3_0, description: v3_1, agent: v3_2, model: v3_3, status: v3_4, parentSessionId: v3_5, sessionId: v3_6, queuedAt: v3_7, startedAt: v3_8, completedAt: v3_9, error: v3_10, result: v3_11, progress: v3_12, concurrencyKey: v3_13, attempts: v3_14, depth: v3_15 } = arg1;
      var ptr4 = utf8Encode(v3_0, realloc0, memory0);
      var len4 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 12, len4, true);
      dataView(memory0).setInt32(ptr0 + 8, ptr4, true);
      var ptr5 = utf8Encode(v3_1, realloc0, memory0);
      var len5 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 20, len5, true);
      dataView(memory0).setInt32(ptr0 + 16, ptr5, true);
      var ptr6 = utf8Encode(v3_2, realloc0, memory0);
      var len6 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 28, len6, true);
      dataView(memory0).setInt32(ptr0 + 24, ptr6, true);
      var variant12 = v3_3;
      if (variant12 === null || variant12=== undefined) {
        dataView(memory0).setInt8(ptr0 + 32, 0, true);
      } else {
        const e = variant12;
        dataView(memory0).setInt8(ptr0 + 32, 1, true);
        var {providerId: v7_0, modelId: v7_1, variant: v7_2 } = e;
        var ptr8 = utf8Encode(v7_0, realloc0, memory0);
        var len8 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 40, len8, true);
        dataView(memory0).setInt32(ptr0 + 36, ptr8, true);
        var ptr9 = utf8Encode(v7_1, realloc0, memory0);
        var len9 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 48, len9, true);
        dataView(memory0).setInt32(ptr0 + 44, ptr9, true);
        var variant11 = v7_2;
        if (variant11 === null || variant11=== undefined) {
          dataView(memory0).setInt8(ptr0 + 52, 0, true);
        } else {
          const e = variant11;
          dataView(memory0).setInt8(ptr0 + 52, 1, true);
          var ptr10 = utf8Encode(e, realloc0, memory0);
          var len10 = utf8EncodedLen;
          dataView(memory0).setInt32(ptr0 + 60, len10, true);
          dataView(memory0).setInt32(ptr0 + 56, ptr10, true);
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
      var ptr14 = utf8Encode(v3_5, realloc0, memory0);
      var len14 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 72, len14, true);
      dataView(memory0).setInt32(ptr0 + 68, ptr14, true);
      var variant16 = v3_6;
      if (variant16 === null || variant16=== undefined) {
        dataView(memory0).setInt8(ptr0 + 76, 0, true);
      } else {
        const e = variant16;
        dataView(memory0).setInt8(ptr0 + 76, 1, true);
        var ptr15 = utf8Encode(e, realloc0, memory0);
        var len15 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 84, len15, true);
        dataView(memory0).setInt32(ptr0 + 80, ptr15, true);
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
        var ptr19 = utf8Encode(e, realloc0, memory0);
        var len19 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 136, len19, true);
        dataView(memory0).setInt32(ptr0 + 132, ptr19, true);
      }
      var variant22 = v3_11;
      if (variant22 === null || variant22=== undefined) {
        dataView(memory0).setInt8(ptr0 + 140, 0, true);
      } else {
        const e = variant22;
        dataView(memory0).setInt8(ptr0 + 140, 1, true);
        var ptr21 = utf8Encode(e, realloc0, memory0);
        var len21 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 148, len21, true);
        dataView(memory0).setInt32(ptr0 + 144, ptr21, true);
      }
      var {toolCalls: v23_0, lastTool: v23_1, lastActivityAt: v23_2, lastMessage: v23_3, tokensIn: v23_4, tokensOut: v23_5, cost: v23_6 } = v3_12;
      dataView(memory0).setInt32(ptr0 + 152, toUint32(v23_0), true);
      var variant25 = v23_1;
      if (variant25 === null || variant25=== undefined) {
        dataView(memory0).setInt8(ptr0 + 156, 0, true);
      } else {
        const e = variant25;
        dataView(memory0).setInt8(ptr0 + 156, 1, true);
        var ptr24 = utf8Encode(e, realloc0, memory0);
        var len24 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 164, len24, true);
        dataView(memory0).setInt32(ptr0 + 160, ptr24, true);
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
        var ptr27 = utf8Encode(e, realloc0, memory0);
        var len27 = utf8EncodedLen;
        dataView(memory0).setInt32(ptr0 + 192, len27, true);
        dataView(memory0).setInt32(ptr0 + 188, ptr27, true);
      }
      dataView(memory0).setBigInt64(ptr0 + 200, toUint64(v23_4), true);
      dataView(memory0).setBigInt64(ptr0 + 208, toUint64(v23_5), true);
      dataView(memory0).setFloat64(ptr0 + 216, +v23_6, true);
      var ptr29 = utf8Encode(v3_13, realloc0, memory0);
      var len29 = utf8EncodedLen;
      dataView(memory0).setInt32(ptr0 + 228, len29, true);
      dataView(memory0).setInt32(ptr0 + 224, ptr29, true);
      dataView(memory0).setInt32(ptr0 + 232, toUint32(v3_14), true);
      dataView(memory0).setInt32(ptr0 + 236, toUint32(v3_15), true);
      const ret = manager010MethodManagerLaunchText(ptr0);
      var ptr30 = dataView(memory0).getInt32(ret + 0, true);
      var len30 = dataView(memory0).getInt32(ret + 4, true);
      var result30 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr30, len30));
      var ptr31 = dataView(memory0).getInt32(ret + 8, true);
      var len31 = dataView(memory0).getInt32(ret + 12, true);
      var result31 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr31, len31));
      let variant33;
      switch (dataView(memory0).getUint8(ret + 16, true)) {
        case 0: {
          variant33 = undefined;
          break;
        }
        case 1: {
          var ptr32 = dataView(memory0).getInt32(ret + 20, true);
          var len32 = dataView(memory0).getInt32(ret + 24, true);
          var result32 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr32, len32));
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
          var ptr34 = dataView(memory0).getInt32(ret + 32, true);
          var len34 = dataView(memory0).getInt32(ret + 36, true);
          var result34 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr34, len34));
          variant35 = result34;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      const retVal = {
        title: result30,
        output: result31,
        taskId: variant33,
        sessionId: variant35,
      };
      postReturn4(ret);
      return retVal;
    };
    let manager010MethodManagerOutputText;
    
    Manager.prototype.outputText = function outputText(arg1, arg2) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      var ptr3 = utf8Encode(arg2, realloc0, memory0);
      var len3 = utf8EncodedLen;
      const ret = manager010MethodManagerOutputText(handle0, ptr2, len2, ptr3, len3);
      let variant16;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          var ptr4 = dataView(memory0).getInt32(ret + 4, true);
          var len4 = dataView(memory0).getInt32(ret + 8, true);
          var result4 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr4, len4));
          var ptr5 = dataView(memory0).getInt32(ret + 12, true);
          var len5 = dataView(memory0).getInt32(ret + 16, true);
          var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
          let variant7;
          switch (dataView(memory0).getUint8(ret + 20, true)) {
            case 0: {
              variant7 = undefined;
              break;
            }
            case 1: {
              var ptr6 = dataView(memory0).getInt32(ret + 24, true);
              var len6 = dataView(memory0).getInt32(ret + 28, true);
              var result6 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr6, len6));
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
              var ptr8 = dataView(memory0).getInt32(ret + 36, true);
              var len8 = dataView(memory0).getInt32(ret + 40, true);
              var result8 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr8, len8));
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
              var ptr10 = dataView(memory0).getInt32(ret + 8, true);
              var len10 = dataView(memory0).getInt32(ret + 12, true);
              var result10 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr10, len10));
              variant15= {
                tag: 'invalid',
                val: result10
              };
              break;
            }
            case 1: {
              var ptr11 = dataView(memory0).getInt32(ret + 8, true);
              var len11 = dataView(memory0).getInt32(ret + 12, true);
              var result11 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr11, len11));
              variant15= {
                tag: 'not-found',
                val: result11
              };
              break;
            }
            case 2: {
              var ptr12 = dataView(memory0).getInt32(ret + 8, true);
              var len12 = dataView(memory0).getInt32(ret + 12, true);
              var result12 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr12, len12));
              variant15= {
                tag: 'forbidden',
                val: result12
              };
              break;
            }
            case 3: {
              var ptr13 = dataView(memory0).getInt32(ret + 8, true);
              var len13 = dataView(memory0).getInt32(ret + 12, true);
              var result13 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr13, len13));
              variant15= {
                tag: 'limit',
                val: result13
              };
              break;
            }
            case 4: {
              var ptr14 = dataView(memory0).getInt32(ret + 8, true);
              var len14 = dataView(memory0).getInt32(ret + 12, true);
              var result14 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr14, len14));
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
      const retVal = variant16;
      postReturn5(ret);
      if (typeof retVal === 'object' && retVal.tag === 'err') {
        throw new ComponentError(retVal.val);
      }
      return retVal.val;
    };
    let manager010MethodManagerListText;
    
    Manager.prototype.listText = function listText(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      const ret = manager010MethodManagerListText(handle0, ptr2, len2);
      var ptr3 = dataView(memory0).getInt32(ret + 0, true);
      var len3 = dataView(memory0).getInt32(ret + 4, true);
      var result3 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr3, len3));
      var ptr4 = dataView(memory0).getInt32(ret + 8, true);
      var len4 = dataView(memory0).getInt32(ret + 12, true);
      var result4 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr4, len4));
      let variant6;
      switch (dataView(memory0).getUint8(ret + 16, true)) {
        case 0: {
          variant6 = undefined;
          break;
        }
        case 1: {
          var ptr5 = dataView(memory0).getInt32(ret + 20, true);
          var len5 = dataView(memory0).getInt32(ret + 24, true);
          var result5 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr5, len5));
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
          var ptr7 = dataView(memory0).getInt32(ret + 32, true);
          var len7 = dataView(memory0).getInt32(ret + 36, true);
          var result7 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr7, len7));
          variant8 = result7;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      const retVal = {
        title: result3,
        output: result4,
        taskId: variant6,
        sessionId: variant8,
      };
      postReturn4(ret);
      return retVal;
    };
    let manager010MethodManagerCancelText;
    
    Manager.prototype.cancelText = function cancelText(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var vec29 = arg1;
      var len29 = vec29.length;
      var result29 = realloc0(0, 0, 8, len29 * 232);
      for (let i = 0; i < vec29.length; i++) {
        const e = vec29[i];
        const base = result29 + i * 232;var {id: v2_0, description: v2_1, agent: v2_2, model: v2_3, status: v2_4, parentSessionId: v2_5, sessionId: v2_6, queuedAt: v2_7, startedAt: v2_8, completedAt: v2_9, error: v2_10, result: v2_11, progress: v2_12, concurrencyKey: v2_13, attempts: v2_14, depth: v2_15 } = e;
        var ptr3 = utf8Encode(v2_0, realloc0, memory0);
        var len3 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 4, len3, true);
        dataView(memory0).setInt32(base + 0, ptr3, true);
        var ptr4 = utf8Encode(v2_1, realloc0, memory0);
        var len4 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 12, len4, true);
        dataView(memory0).setInt32(base + 8, ptr4, true);
        var ptr5 = utf8Encode(v2_2, realloc0, memory0);
        var len5 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 20, len5, true);
        dataView(memory0).setInt32(base + 16, ptr5, true);
        var variant11 = v2_3;
        if (variant11 === null || variant11=== undefined) {
          dataView(memory0).setInt8(base + 24, 0, true);
        } else {
          const e = variant11;
          dataView(memory0).setInt8(base + 24, 1, true);
          var {providerId: v6_0, modelId: v6_1, variant: v6_2 } = e;
          var ptr7 = utf8Encode(v6_0, realloc0, memory0);
          var len7 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 32, len7, true);
          dataView(memory0).setInt32(base + 28, ptr7, true);
          var ptr8 = utf8Encode(v6_1, realloc0, memory0);
          var len8 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 40, len8, true);
          dataView(memory0).setInt32(base + 36, ptr8, true);
          var variant10 = v6_2;
          if (variant10 === null || variant10=== undefined) {
            dataView(memory0).setInt8(base + 44, 0, true);
          } else {
            const e = variant10;
            dataView(memory0).setInt8(base + 44, 1, true);
            var ptr9 = utf8Encode(e, realloc0, memory0);
            var len9 = utf8EncodedLen;
            dataView(memory0).setInt32(base + 52, len9, true);
            dataView(memory0).setInt32(base + 48, ptr9, true);
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
        var ptr13 = utf8Encode(v2_5, realloc0, memory0);
        var len13 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 64, len13, true);
        dataView(memory0).setInt32(base + 60, ptr13, true);
        var variant15 = v2_6;
        if (variant15 === null || variant15=== undefined) {
          dataView(memory0).setInt8(base + 68, 0, true);
        } else {
          const e = variant15;
          dataView(memory0).setInt8(base + 68, 1, true);
          var ptr14 = utf8Encode(e, realloc0, memory0);
          var len14 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 76, len14, true);
          dataView(memory0).setInt32(base + 72, ptr14, true);
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
          var ptr18 = utf8Encode(e, realloc0, memory0);
          var len18 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 128, len18, true);
          dataView(memory0).setInt32(base + 124, ptr18, true);
        }
        var variant21 = v2_11;
        if (variant21 === null || variant21=== undefined) {
          dataView(memory0).setInt8(base + 132, 0, true);
        } else {
          const e = variant21;
          dataView(memory0).setInt8(base + 132, 1, true);
          var ptr20 = utf8Encode(e, realloc0, memory0);
          var len20 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 140, len20, true);
          dataView(memory0).setInt32(base + 136, ptr20, true);
        }
        var {toolCalls: v22_0, lastTool: v22_1, lastActivityAt: v22_2, lastMessage: v22_3, tokensIn: v22_4, tokensOut: v22_5, cost: v22_6 } = v2_12;
        dataView(memory0).setInt32(base + 144, toUint32(v22_0), true);
        var variant24 = v22_1;
        if (variant24 === null || variant24=== undefined) {
          dataView(memory0).setInt8(base + 148, 0, true);
        } else {
          const e = variant24;
          dataView(memory0).setInt8(base + 148, 1, true);
          var ptr23 = utf8Encode(e, realloc0, memory0);
          var len23 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 156, len23, true);
          dataView(memory0).setInt32(base + 152, ptr23, true);
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
          var ptr26 = utf8Encode(e, realloc0, memory0);
          var len26 = utf8EncodedLen;
          dataView(memory0).setInt32(base + 184, len26, true);
          dataView(memory0).setInt32(base + 180, ptr26, true);
        }
        dataView(memory0).setBigInt64(base + 192, toUint64(v22_4), true);
        dataView(memory0).setBigInt64(base + 200, toUint64(v22_5), true);
        dataView(memory0).setFloat64(base + 208, +v22_6, true);
        var ptr28 = utf8Encode(v2_13, realloc0, memory0);
        var len28 = utf8EncodedLen;
        dataView(memory0).setInt32(base + 220, len28, true);
        dataView(memory0).setInt32(base + 216, ptr28, true);
        dataView(memory0).setInt32(base + 224, toUint32(v2_14), true);
        dataView(memory0).setInt32(base + 228, toUint32(v2_15), true);
      }
      const ret = manager010MethodManagerCancelText(handle0, result29, len29);
      var ptr30 = dataView(memory0).getInt32(ret + 0, true);
      var len30 = dataView(memory0).getInt32(ret + 4, true);
      var result30 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr30, len30));
      var ptr31 = dataView(memory0).getInt32(ret + 8, true);
      var len31 = dataView(memory0).getInt32(ret + 12, true);
      var result31 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr31, len31));
      let variant33;
      switch (dataView(memory0).getUint8(ret + 16, true)) {
        case 0: {
          variant33 = undefined;
          break;
        }
        case 1: {
          var ptr32 = dataView(memory0).getInt32(ret + 20, true);
          var len32 = dataView(memory0).getInt32(ret + 24, true);
          var result32 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr32, len32));
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
          var ptr34 = dataView(memory0).getInt32(ret + 32, true);
          var len34 = dataView(memory0).getInt32(ret + 36, true);
          var result34 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr34, len34));
          variant35 = result34;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      const retVal = {
        title: result30,
        output: result31,
        taskId: variant33,
        sessionId: variant35,
      };
      postReturn4(ret);
      return retVal;
    };
    let manager010MethodManagerTakeInjection;
    
    Manager.prototype.takeInjection = function takeInjection(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      const ret = manager010MethodManagerTakeInjection(handle0, ptr2, len2);
      let variant4;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          variant4 = undefined;
          break;
        }
        case 1: {
          var ptr3 = dataView(memory0).getInt32(ret + 4, true);
          var len3 = dataView(memory0).getInt32(ret + 8, true);
          var result3 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr3, len3));
          variant4 = result3;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      const retVal = variant4;
      postReturn0(ret);
      return retVal;
    };
    let manager010MethodManagerCompactionContext;
    
    Manager.prototype.compactionContext = function compactionContext(arg1) {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      var ptr2 = utf8Encode(arg1, realloc0, memory0);
      var len2 = utf8EncodedLen;
      const ret = manager010MethodManagerCompactionContext(handle0, ptr2, len2);
      let variant4;
      switch (dataView(memory0).getUint8(ret + 0, true)) {
        case 0: {
          variant4 = undefined;
          break;
        }
        case 1: {
          var ptr3 = dataView(memory0).getInt32(ret + 4, true);
          var len3 = dataView(memory0).getInt32(ret + 8, true);
          var result3 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr3, len3));
          variant4 = result3;
          break;
        }
        default: {
          throw new TypeError('invalid variant discriminant for option');
        }
      }
      const retVal = variant4;
      postReturn0(ret);
      return retVal;
    };
    let manager010MethodManagerSnapshot;
    
    Manager.prototype.snapshot = function snapshot() {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      const ret = manager010MethodManagerSnapshot(handle0);
      var ptr2 = dataView(memory0).getInt32(ret + 0, true);
      var len2 = dataView(memory0).getInt32(ret + 4, true);
      var result2 = utf8Decoder.decode(new Uint8Array(memory0.buffer, ptr2, len2));
      const retVal = result2;
      postReturn6(ret);
      return retVal;
    };
    let manager010MethodManagerShutdown;
    
    Manager.prototype.shutdown = function shutdown() {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      manager010MethodManagerShutdown(handle0);
    };
    let manager010MethodManagerMalformedEvents;
    
    Manager.prototype.malformedEvents = function malformedEvents() {
      var handle1 = this[symbolRscHandle];
      if (!handle1 || (handleTable0[(handle1 << 1) + 1] & T_FLAG) === 0) {
        throw new TypeError('Resource error: Not a valid "Manager" resource.');
      }
      var handle0 = handleTable0[(handle1 << 1) + 1] & ~T_FLAG;
      const ret = manager010MethodManagerMalformedEvents(handle0);
      return BigInt.asUintN(64, ret);
    };
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
    const manager010 = {
      Manager: Manager,
      
    };
    
    return { manager: manager010, 'opencode:background-agent/manager@0.1.0': manager010,  };
  })();
  let promise, resolve, reject;
  function runNext (value) {
    try {
      let done;
      do {
        ({ value, done } = gen.next(value));
      } while (!(value instanceof Promise) && !done);
      if (done) {
        if (resolve) return resolve(value);
        else return value;
      }
      if (!promise) promise = new Promise((_resolve, _reject) => (resolve = _resolve, reject = _reject));
      value.then(nextVal => done ? resolve() : runNext(nextVal), reject);
    }
    catch (e) {
      if (reject) reject(e);
      else throw e;
    }
  }
  const maybeSyncReturn = runNext(null);
  return promise || maybeSyncReturn;
}
